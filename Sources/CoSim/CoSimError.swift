// Every failure CoSim reports, each with a description that names the problem.

public enum CoSimError: Error, Equatable, CustomStringConvertible {
    /// No `verilator` executable on PATH (or at the configured path).
    case verilatorNotFound(searched: String)
    /// The harness template could not be read.
    case templateNotFound(path: String)
    /// The template lacks a placeholder the generator fills, or keeps one it does not know.
    case invalidTemplate(String)
    /// The design description is inconsistent (names, widths, control ports, files).
    case invalidDesign(String)
    /// A port name used in stimulus, expectations or options does not exist.
    case portNotFound(name: String, module: String, known: [String])
    /// A value does not fit the port it is meant for.
    case valueTooWide(port: String, width: Int, signed: Bool, value: String)
    /// Vectors, expectations or run options are inconsistent.
    case invalidStimulus(String)
    /// Verilator (or the C++ compiler it drives) failed; `outputHead` holds its first lines.
    case buildFailed(exitCode: Int32, outputHead: String, logPath: String)
    /// The harness exited abnormally (crash, signal, or a harness-reported error).
    case harnessFailed(status: Int32, signaled: Bool, stderrTail: String)
    /// File-system or process trouble outside the tools.
    case io(String)

    public var description: String {
        switch self {
        case .verilatorNotFound(let searched):
            return "verilator not found (searched \(searched)); install it (apt-get install verilator) or set the path in CoSimBuildOptions"
        case .templateNotFound(let path):
            return "co-simulation harness template not found at \(path); set RCEGEN_TEMPLATES to the repository's Templates folder"
        case .invalidTemplate(let message):
            return "invalid harness template: \(message)"
        case .invalidDesign(let message):
            return "invalid design: \(message)"
        case .portNotFound(let name, let module, let known):
            return "port '\(name)' not found in module \(module) (ports: \(known.joined(separator: ", ")))"
        case .valueTooWide(let port, let width, let signed, let value):
            return "value \(value) does not fit \(signed ? "signed" : "unsigned") \(width)-bit port \(port)"
        case .invalidStimulus(let message):
            return "invalid stimulus: \(message)"
        case .buildFailed(let exitCode, let outputHead, let logPath):
            return "verilator build failed (exit \(exitCode)); full log at \(logPath); first lines:\n\(outputHead)"
        case .harnessFailed(let status, let signaled, let stderrTail):
            let how = signaled ? "was killed by signal \(status)" : "exited with status \(status)"
            return "co-simulation harness \(how); its stderr ends with:\n\(stderrTail)"
        case .io(let message):
            return "co-simulation I/O error: \(message)"
        }
    }
}
