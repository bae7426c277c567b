namespace Manager.Http.Frames;

/// <summary>The last-frame table could not be read or written (the database is unreachable): 503.</summary>
public sealed class LastFrameUnavailableException(long jobId, Exception inner, string what)
    : Exception($"the last frame of job {jobId} could not be {what}", inner);
