import Accel
import Testing

@Suite struct AcceleratorDesignTests {
    @Test func filesAreDeterministicAndOneModuleEach() throws {
        let first = try AcceleratorDesign(.standard(for: .u280)).files()
        let second = try AcceleratorDesign(.standard(for: .u280)).files()
        #expect(first == second)
        let modules = try AcceleratorDesign(.standard(for: .u280)).modules()
        #expect(Set(modules.map(\.name)).count == modules.count)
        #expect(first.count == modules.count + 1)
        for module in modules {
            let text = try #require(first["rtl/\(module.name).v"])
            #expect(text.contains("module \(module.name) ("))
            #expect(text.hasSuffix("endmodule\n"))
        }
        let manifest = try #require(first["manifest.json"])
        #expect(manifest.contains("\"part\" : \"xcu280-fsvh2892-2L-e\""))
        #expect(manifest.contains("\"promisedDSP48E2\" : 9"))
    }

    @Test func everyTargetHasAStandardConfigurationThatBuilds() throws {
        for target in Target.all {
            let design = try AcceleratorDesign(.standard(for: target))
            #expect(!design.blocks.isEmpty)
        }
        #expect(Target.named("u280") == .u280)
        #expect(Target.named("vu9p") == nil)
    }
}
