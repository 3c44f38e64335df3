// The executable stays thin: all parsing and work live in the Driver library.
import Driver

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
