namespace CardBridge.Tests.Shared;

/// <summary>The checkout the tests run from: the nearest directory above the test binaries holding CardBridge.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CardBridge.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no CardBridge.sln above {AppContext.BaseDirectory}");
    }
}
