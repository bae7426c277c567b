using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Manager.Bench;

/// <summary>An event of GET /events as a client received it: when (on the reader's clock), its name, its size, how many
/// things it carried and how long its data took to parse.</summary>
public sealed record ReceivedEvent(TimeSpan At, string Name, int Bytes, int Items, double ParseMs);

/// <summary>
/// A client of GET /events (server-sent events) as the dashboard reads it: one long request with a token, the frames
/// read as they arrive, each event's JSON parsed. Keeps every event it received, stamped on its own clock.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedEvent> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource<ReceivedEvent> _firstResync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;

    private EventStreamReader(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FarmClient.OperatorToken);
    }

    /// <summary>Sends GET /events and reads it in the background until disposed.</summary>
    public static async Task<EventStreamReader> OpenAsync(Uri baseAddress)
    {
        var reader = new EventStreamReader(baseAddress);
        var response = await reader._http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead, reader._stop.Token);
        response.EnsureSuccessStatusCode();
        reader._reading = Task.Run(() => reader.ReadAsync(response));
        return reader;
    }

    /// <summary>Now, on the clock the events are stamped with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The first <c>resync</c> event (the first event of a new connection).</summary>
    public Task<ReceivedEvent> FirstResync => _firstResync.Task;

    /// <summary>The events received between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public IReadOnlyList<ReceivedEvent> Between(TimeSpan from, TimeSpan to)
    {
        lock (_events) return _events.Where(e => e.At >= from && e.At < to).ToList();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using var _ = response;
        try
        {
            using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            string? name = null, data = null;
            var bytes = 0;
            while (await lines.ReadLineAsync(_stop.Token) is { } line)
            {
                bytes += Encoding.UTF8.GetByteCount(line) + 1;
                if (line.Length == 0)
                {
                    if (name is not null && data is not null) Received(name, data, bytes);
                    name = data = null;
                    bytes = 0;
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = data is null ? line["data: ".Length..] : data + "\n" + line["data: ".Length..];
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            _firstResync.TrySetException(e);
        }
        _firstResync.TrySetException(new EndOfStreamException("GET /events ended before its resync event"));
    }

    private void Received(string name, string data, int bytes)
    {
        var at = _clock.Elapsed;
        var t0 = Stopwatch.GetTimestamp();
        using var json = JsonDocument.Parse(data);
        var items = ItemsOf(json.RootElement);
        var parse = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var received = new ReceivedEvent(at, name, bytes, items, parse);
        lock (_events) _events.Add(received);
        if (name == "resync") _firstResync.TrySetResult(received);
    }

    /// <summary>The things an event carries: the entries of its lists (tasks, jobs, workers and the ids removed).</summary>
    private static int ItemsOf(JsonElement data) =>
        data.ValueKind != JsonValueKind.Object ? 0
        : data.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).Sum(p => p.Value.GetArrayLength());

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
        _stop.Dispose();
    }
}
