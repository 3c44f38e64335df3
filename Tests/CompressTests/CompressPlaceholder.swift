// Tests for Compress.
