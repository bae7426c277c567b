namespace Manager.Tests.Support;

/// <summary>
/// Test fixtures kept in the repository (<c>Manager.Tests/Fixtures</c>, copied next to the test binaries): real Blender
/// 3.4.1 console logs for the parser tests.
/// </summary>
public static class Fixtures
{
    /// <summary>A path under the fixtures directory, e.g. <c>Path("blender-3.4.1", "x.log")</c>.</summary>
    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test fixture not found at {path}.", path);
    }
}
