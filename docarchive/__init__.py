"""docarchive: customer archives (客户档案), paper and electronic, cross-referenced."""

__version__ = "0.1.0"
