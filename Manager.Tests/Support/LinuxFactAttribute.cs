namespace Manager.Tests.Support;

/// <summary>A fact about Linux behaviour (e.g. thread priorities): reported as skipped elsewhere, not silently passed.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "this behaviour exists only on Linux";
    }
}
