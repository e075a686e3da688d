"""Governance a council can sign off (docs/governance.md): the audit log, erasure and subject
access, retention, and the transparency record, model card and dataset cards.

Modules: ``audit`` (``ops.audit_log``), ``erasure`` and ``source_files`` (one person's rows, in
the warehouse and in export files), ``retention``, ``records`` (ATRS, model and dataset cards).
Import the module you need; this package imports nothing at load.
"""
