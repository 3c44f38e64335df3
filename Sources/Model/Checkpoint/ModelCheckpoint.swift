import Foundation

/// Loads a model from whichever checkpoint `path` is: a directory is a Hugging Face
/// checkpoint (config.json and safetensors), a file a llama2.c checkpoint (legacy or v1).
public enum ModelCheckpoint {
    public static func load(path: String) throws -> ModelWeights {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError.unreadable(path: path, reason: "no such file or directory")
        }
        return isDirectory.boolValue ? try HuggingFaceCheckpoint.load(directory: path) : try Llama2cCheckpoint.load(path: path)
    }
}
