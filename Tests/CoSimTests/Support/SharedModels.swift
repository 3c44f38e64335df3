// Models built once per test process (the on-disk cache also spans processes).
import CoSim

enum SharedModels {
    static let multiplier = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(Fixtures.multiplier(), protocol: .pipeline(latency: 2))
    }
    static let buggyMultiplier = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(Fixtures.multiplier(name: "mul8_bug", flipAt: (37, -5)), protocol: .pipeline(latency: 2))
    }
}

extension SharedModels {
    /// Built with waveform support so the FST test can reuse it.
    static let accumulator = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(
            Fixtures.accumulator, protocol: .valid(inValid: "in_valid", outValid: "out_valid"),
            options: CoSimBuildOptions(waveformSupport: true))
    }
    static let widePipe = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(Fixtures.widePipe, protocol: .pipeline(latency: 2))
    }
}
