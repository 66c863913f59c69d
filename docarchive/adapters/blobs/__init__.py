from docarchive.adapters.blobs.filesystem import FilesystemBlobStore

__all__ = ["FilesystemBlobStore"]
