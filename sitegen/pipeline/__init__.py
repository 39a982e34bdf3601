"""The incremental build machinery: stamps, the document cache, fingerprints, output writing."""
