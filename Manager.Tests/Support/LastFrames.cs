using System.Net.Http.Headers;

namespace Manager.Tests.Support;

/// <summary>Requests of the last-frame routes (docs/api.md, "The last rendered frame").</summary>
public static class LastFrames
{
    /// <summary>A 2×2 grey JPEG as ffmpeg writes it (<c>ffmpeg -f lavfi -i color=c=gray:size=2x2 -frames:v 1 f.jpg</c>).</summary>
    public static readonly byte[] TinyJpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgI" +
        "CAgJCQoKCgwMCwsODg4RERT/xABKAAEAAAAAAAAAAAAAAAAAAAAAAQEAAAAAAAAAAAAAAAAAAAAAEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAAgACAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AAA//2Q==");

    public static string PutPath(long taskId, long workerId, long assignment, long frame) =>
        $"/tasks/{taskId}/last-frame?worker_id={workerId}&assignment={assignment}&frame={frame}";

    /// <summary>PUT of <paramref name="body"/> with the content type <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> PutJpeg(this HttpClient client, string path, byte[] body, string contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PutAsync(path, content);
    }
}
