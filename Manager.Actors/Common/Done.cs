namespace Manager.Actors.Common;

/// <summary>The value of a command's <see cref="Outcome{TValue}"/> when it has nothing to tell but that it was done.</summary>
public sealed record Done
{
    public static readonly Done Instance = new();
}
