using System.Buffers;
using System.Text.Json;
using Manager.Http.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace Manager.Http.Json;

/// <summary>Reads a request body as one JSON object, answering 415, 413, 408 (too slow) or 400 when it cannot.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit)
    {
        if (!IsJson(request.ContentType)) return (null, ProblemResults.NotJson(request.ContentType));
        var (read, tooLarge) = await ReadBytesAsync(request, limit);
        if (tooLarge is not null) return (null, tooLarge);
        var bytes = read!;

        // JsonDocument checks UTF-8 inside strings only when they are read; refuse bad text up front.
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return (null, ProblemResults.BadRequest("the body is not valid UTF-8"));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException e)
        {
            return (null, ProblemResults.BadRequest($"the body is not valid JSON: {e.Message}"));
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, ProblemResults.BadRequest("the body must be a JSON object"));
        }
        return (document, null);
    }

    /// <summary>The body's bytes, or 413 when it is longer than <paramref name="limit"/> (408 when it came too slowly).</summary>
    public static async Task<(byte[]? Bytes, IResult? Problem)> ReadBytesAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit) return (null, ProblemResults.TooLarge(limit));
        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(request, limit);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ProblemResults.TooLarge(limit));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's MinRequestBodyDataRate: the body came slower than allowed (RequestBodyRate).
            return (null, Results.Problem("the request body arrived more slowly than the manager accepts",
                statusCode: StatusCodes.Status408RequestTimeout, title: "The body arrived too slowly"));
        }
        return bytes.Length > limit ? (null, ProblemResults.TooLarge(limit)) : (bytes, null);
    }

    public static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads at most limit + 1 bytes, so an over-long chunked body is noticed without buffering it all. A body with
    /// a Content-Length (every worker request) is read straight into one array of that size; otherwise it is read
    /// in pooled chunks.
    /// </summary>
    private static async Task<byte[]> ReadLimitedAsync(HttpRequest request, long limit)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit + 1;
        if (request.ContentLength is { } length) return await ReadExactlyAsync(request.Body, (int)length);

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit) break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>The caller checked the length against the limit; Kestrel ends the body at Content-Length.</summary>
    private static async Task<byte[]> ReadExactlyAsync(Stream body, int length)
    {
        var bytes = new byte[length];
        var filled = 0;
        while (filled < length && await body.ReadAsync(bytes.AsMemory(filled)) is var read and > 0) filled += read;
        return filled == length ? bytes : bytes[..filled];
    }
}
