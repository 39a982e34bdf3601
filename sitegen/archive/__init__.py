"""The offline edition: the built site as a folder, a reproducible .zip and optionally an ISO image,
with a 使用说明, a SHA-256 manifest and ways to verify a copy against it."""
