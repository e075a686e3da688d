"""Governance a council can sign off (docs/governance.md): the audit log, erasure and subject
access, retention, and the transparency record, model card and dataset cards.

Modules: ``audit`` (``ops.audit_log``); ``erasure``, ``source_files`` and ``published_files``
(one person's rows in the warehouse, export files and published files); ``retention``;
``facts`` (what the deployment knows about itself), ``council`` (governance.yaml), ``atrs``
(the ATRS v3.0 record and dataset cards) and ``model_card``.
Import the module you need; this package imports nothing at load.
"""
