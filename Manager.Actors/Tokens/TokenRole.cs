namespace Manager.Actors.Tokens;

/// <summary>What a bearer token may do (docs/api.md, "Credentials and who may call what"). Stored by name in the journal.</summary>
public enum TokenRole
{
    /// <summary>Everything, including what a submitter or a worker may (acting for them).</summary>
    Operator,

    /// <summary>Submits tasks (not exec_command), reads the farm, changes what it submitted.</summary>
    Submitter,

    /// <summary>Bound to one worker id: re-registers itself, polls, updates the task it holds.</summary>
    Worker,

    /// <summary>Registers a host name that is not registered yet, and nothing else.</summary>
    Enrollment,
}

public static class TokenRoleNames
{
    public static string ToWire(this TokenRole role) => role switch
    {
        TokenRole.Operator => "operator",
        TokenRole.Submitter => "submitter",
        TokenRole.Worker => "worker",
        TokenRole.Enrollment => "enrollment",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? word, out TokenRole role)
    {
        foreach (var candidate in Enum.GetValues<TokenRole>())
        {
            if (candidate.ToWire() != word) continue;
            role = candidate;
            return true;
        }
        role = default;
        return false;
    }
}
