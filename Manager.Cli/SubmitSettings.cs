namespace Manager.Cli;

/// <summary>What <c>manager-cli submit</c> was asked for, as given on the command line (null: not given).</summary>
internal sealed record SubmitSettings(
    string Blend,
    string Frames,
    int? ChunkSize = null,
    bool PreviewFirst = false,
    int? PreviewStep = null,
    string? Video = null,
    int? Fps = null,
    string? Output = null,
    string? Format = null,
    string? Name = null,
    long? Priority = null,
    IReadOnlyList<string>? Tags = null);
