namespace Manager.Cli;

/// <summary>
/// What <c>manager-cli</c> answers the shell: 0 only for a submitted job (without <c>--watch</c>) or a watched job that
/// completed; each other outcome has its own code, so a script can tell them apart.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Submitted; or, watched, the job completed.</summary>
    public const int Success = 0;

    /// <summary>The watched job failed.</summary>
    public const int Failed = 1;

    /// <summary>The command line cannot be read (an unknown option, a missing or bad value).</summary>
    public const int Usage = 2;

    /// <summary>The watched job was canceled.</summary>
    public const int Canceled = 3;

    /// <summary>The watched job was deleted, or never existed (404).</summary>
    public const int Deleted = 4;

    /// <summary>The manager refused the request (a 4xx other than a watched job's 404: bad settings, a missing or wrong token).</summary>
    public const int Refused = 5;

    /// <summary>The manager could not be reached, did not answer in time, or answered 5xx.</summary>
    public const int Unreachable = 6;

    /// <summary>Ctrl-C while watching: the job goes on, only the watching stopped (128 + SIGINT, as shells do).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for a job that ended in <paramref name="status"/> (one of <see cref="JobView.FinalStatuses"/>).</summary>
    public static int ForFinalStatus(string status) => status switch
    {
        "completed" => Success,
        "failed" => Failed,
        "canceled" => Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a final job status"),
    };
}
