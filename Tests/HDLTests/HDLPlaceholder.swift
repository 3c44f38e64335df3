// Tests for HDL.
