import Testing

@Suite struct CLITests {
    @Test func helpListsCommandsAndExitsZero() {
        let run = CapturedRun(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("emit"))
    }

    @Test func noArgumentsPrintsUsageAndFails() {
        let run = CapturedRun([])
        #expect(run.status == 2)
        #expect(run.stderr.contains("USAGE"))
    }

    @Test func unknownCommandIsOneClearLine() {
        let run = CapturedRun(["frobnicate"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("rcegen: error: unknown command 'frobnicate'"))
        #expect(run.err.count == 1)
    }

    @Test func commandHelpShowsOptions() {
        let run = CapturedRun(["emit", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("--target"))
        #expect(run.stdout.contains("--out"))
    }

    @Test(arguments: [
        (["emit", "--bogus"], "unknown option '--bogus'"),
        (["emit", "--target"], "option '--target' needs a value"),
        (["emit", "--target", "vu9p"], "unknown target 'vu9p'"),
        (["emit", "--target", "u280", "--target", "u280"], "given twice"),
        (["emit", "stray"], "unexpected argument 'stray'"),
    ])
    func badArgumentsGiveOneErrorLine(arguments: [String], message: String) {
        let run = CapturedRun(arguments)
        #expect(run.status == 2)
        #expect(run.err.count == 1)
        #expect(run.stderr.contains(message))
    }
}
