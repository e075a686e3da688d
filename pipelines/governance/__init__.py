"""Governance a council can sign off (docs/governance.md): the audit log, erasure and subject
access, retention, the transparency record, DPIA inputs, model cards and dataset cards.

Modules: ``audit`` (``ops.audit_log``); ``erasure``, ``subject_access``, ``source_files`` and
``published_files`` (one person's rows in the warehouse, export files and published files);
``retention``; ``facts`` (what the deployment knows about itself), ``council``
(governance.yaml), ``atrs`` (the ATRS v3.0 record and dataset cards), ``dpia`` and
``model_card``. Import the module you need; this package imports nothing at load.
"""
