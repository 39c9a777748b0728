namespace CardBridge.Qr.Tests.Sources;

/// <summary>A fresh temporary directory, deleted at the end of the test.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory() => Path = Directory.CreateTempSubdirectory("cardbridge-qr-").FullName;

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
