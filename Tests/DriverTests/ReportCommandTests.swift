import Accel
import Foundation
import Testing

/// `rcegen report` without synthesis (the Yosys roll-up takes minutes and is recorded in
/// docs/benchmarks.md): the printed and JSON predictions agree with `PerformanceModel`.
@Suite struct ReportCommandTests {
    @Test func jsonHoldsDecodeAndPrefillPredictions() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        let run = CapturedRun(["report", "--target", "u280", "--skip-synthesis", "--json", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("AccLLM reports 164"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(json["resources"] == nil)
        let decode = try #require(json["decode"] as? [[String: Any]])
        let model = try PerformanceModel(configuration: .standard(for: .u280))
        let at2K = try #require(decode.first { $0["context"] as? Int == 2_048 })
        let predicted = model.decode(.llama2_7B, context: 2_048, sinks: 4, window: 1_020, hbmEfficiency: 0.9)
        // JSONSerialization writes 15-16 significant digits.
        let written = try #require(at2K["tokensPerSecondLambda"] as? Double)
        #expect(abs(written - predicted.tokensPerSecond) < 1e-9 * predicted.tokensPerSecond)
        let prefill = try #require(json["prefill"] as? [[String: Any]])
        #expect(prefill.map { $0["prompt"] as? Int } == [128, 512, 2_048])
        // Two tokens share every weight beat: prefill runs close to twice decode's rate.
        let prefillRate = try #require(prefill.last?["tokensPerSecond"] as? Double)
        #expect(prefillRate > 1.8 * predicted.tokensPerSecond && prefillRate < 2.1 * predicted.tokensPerSecond)
    }

    @Test func largerGroupsStreamFewerBytes() throws {
        let g32 = CapturedRun(["report", "--skip-synthesis"]), g128 = CapturedRun(["report", "--skip-synthesis", "--group-size", "128"])
        #expect(g32.status == 0 && g128.status == 0)
        /// The "… GB per token" figure a report prints.
        func streamedGigabytes(_ text: String) throws -> Double {
            let words = text.split(whereSeparator: \.isWhitespace)
            let index = try #require(words.firstIndex(of: "GB"), "\(text)")
            return try #require(Double(words[index - 1]))
        }
        let model = try PerformanceModel(configuration: .standard(for: .u280))
        let expected = (model.streamedWeightBytes(.llama2_7B) / 1e7).rounded() / 100
        #expect(try streamedGigabytes(g32.stdout) == expected)
        #expect(try streamedGigabytes(g128.stdout) < streamedGigabytes(g32.stdout))
    }

    @Test(arguments: [
        (["report", "--target", "vu9p"], "unknown target"),
        (["report", "--hbm-efficiency", "1.5"], "hbm-efficiency"),
        (["report", "--group-size", "30"], "multiple of 4"),
        (["report", "--bogus"], "bogus"),
    ])
    func badOptionsGetOneClearError(arguments: [String], message: String) {
        let run = CapturedRun(arguments)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
