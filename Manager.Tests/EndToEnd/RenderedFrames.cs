namespace Manager.Tests.EndToEnd;

/// <summary>Checks on the image files a render wrote (<c>frame_####</c> patterns, PNG format).</summary>
internal static class RenderedFrames
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file Blender writes for <paramref name="frame"/> with the output <c>&lt;dir&gt;/frame_####</c> and format PNG.</summary>
    public static string PngOf(string dir, long frame) => Path.Combine(dir, $"frame_{frame:0000}.png");

    /// <summary>
    /// <paramref name="dir"/> holds the PNG files of <paramref name="frames"/> and <paramref name="otherFiles"/>, nothing
    /// else, and each PNG is a non-empty file starting with the PNG signature.
    /// </summary>
    public static async Task AssertPngs(string dir, IEnumerable<int> frames, params string[] otherFiles)
    {
        var pngs = frames.Select(n => Path.GetFileName(PngOf(dir, n))).ToArray();
        Assert.Equal(pngs.Concat(otherFiles).Order(StringComparer.Ordinal),
            Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in pngs)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(dir, name));
            Assert.True(bytes.Length > PngSignature.Length, $"{name} is empty ({bytes.Length} bytes)");
            Assert.True(bytes.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature), $"{name} is not a PNG");
        }
    }
}
