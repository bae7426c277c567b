namespace Manager.Http.Frames;

/// <summary>A job's latest rendered frame as a worker sent it: a JPEG of frame <paramref name="Frame"/> of task <paramref name="TaskId"/>.</summary>
/// <param name="ETag">A strong entity tag of <paramref name="Jpeg"/> (quoted), for <c>If-None-Match</c>.</param>
public sealed record LastFrame(long JobId, long TaskId, long Frame, byte[] Jpeg, DateTimeOffset StoredAt, string ETag)
{
    public static LastFrame Of(long jobId, long taskId, long frame, byte[] jpeg, DateTimeOffset storedAt) =>
        new(jobId, taskId, frame, jpeg, storedAt, $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg).AsSpan(0, 16))}\"");
}
