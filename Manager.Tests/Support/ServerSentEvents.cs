using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Manager.Tests.Support;

/// <summary>One server-sent event as a client sees it (the <c>id</c> is the last one given, as the EventSource rules say).</summary>
public sealed record ServerSentEvent(string? Id, string Name, JsonNode Data);

/// <summary>
/// A client of GET /events: reads the stream in the background and hands over its events in order. Dispose it to hang up.
/// </summary>
public sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ServerSentEvent> _events = Channel.CreateUnbounded<ServerSentEvent>();
    private readonly Task _reading;

    private ServerSentEvents(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Every event read so far or later, in order (completes when the server ends the stream).</summary>
    public ChannelReader<ServerSentEvent> Events => _events.Reader;

    /// <summary>Opens the stream (expects 200) with <paramref name="client"/>'s credentials.</summary>
    public static async Task<ServerSentEvents> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET /events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ServerSentEvents(response);
    }

    /// <summary>The next event, within <paramref name="bound"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no event within {bound.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Reads events until one satisfies <paramref name="match"/>, within <paramref name="bound"/>; answers it.</summary>
    public async Task<ServerSentEvent> UntilAsync(Func<ServerSentEvent, bool> match, TimeSpan bound, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "nothing";
        while (true)
        {
            var left = bound - clock.Elapsed;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"not within {bound.TotalSeconds:0.#} s: {what}\nlast event: {last}");
            ServerSentEvent next;
            try
            {
                next = await NextAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"not within {bound.TotalSeconds:0.#} s: {what}\nlast event: {last}");
            }
            if (match(next)) return next;
            last = $"{next.Name} {next.Id}: {next.Data.ToJsonString()}";
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0) await _events.Writer.WriteAsync(new ServerSentEvent(id, name ?? "message", JsonNode.Parse(data.ToString())!));
                    name = null;
                    data.Clear();
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // hung up
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
