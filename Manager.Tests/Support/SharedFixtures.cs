namespace Manager.Tests.Support;

/// <summary>
/// The fixtures shared with the API contract (<c>shared/fixtures</c>, a sibling of the repository).
/// Found by walking up from the test binaries to the directory holding <c>Manager.sln</c>.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The shared <c>fixtures</c> directory.</summary>
    public static string Directory => Root.Value;

    /// <summary>A path under the fixtures directory, e.g. <c>Path("blender-3.4.1", "x.log")</c>.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Directory, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Manager.sln")))
                continue;
            var fixtures = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            return System.IO.Directory.Exists(fixtures)
                ? fixtures
                : throw new DirectoryNotFoundException($"Shared fixtures not found at {fixtures}.");
        }
        throw new DirectoryNotFoundException($"No Manager.sln above {AppContext.BaseDirectory}.");
    }
}
