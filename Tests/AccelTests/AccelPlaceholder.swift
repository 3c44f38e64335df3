// Tests for Accel.
