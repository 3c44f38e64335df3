// Tests for CoSim.
