using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Manager.Bench;

/// <summary>How long the dashboard's overview took to get what it draws, by step (milliseconds; bytes of the lists).</summary>
public sealed record OverviewTiming(
    double WhoamiMs, double ResyncMs, double JobsMs, int JobPages, long JobBytes, int Jobs, double WorkersMs, long WorkerBytes, int Workers,
    double TotalMs);

/// <summary>
/// What the dashboard does at sign-in before it can draw the overview (Manager.Http/dashboard/js/main.js, farm.js):
/// GET /whoami; then GET /events until its first <c>resync</c> event; then, at once, every page of GET /jobs (1,000 a page,
/// one after another) and GET /workers — each answer parsed as the browser's JSON.parse does. A fresh connection pool,
/// as a browser that just opened the page has.
/// </summary>
public static class OverviewLoad
{
    public static async Task<OverviewTiming> MeasureAsync(Uri baseAddress)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FarmClient.OperatorToken);
        var start = Stopwatch.GetTimestamp();
        await GetJsonAsync(http, "whoami");
        var whoami = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        await using var events = await EventStreamReader.OpenAsync(baseAddress);
        await events.FirstResync.WaitAsync(TimeSpan.FromSeconds(60));
        var resync = Stopwatch.GetElapsedTime(start).TotalMilliseconds - whoami;

        var jobs = AllJobsAsync(http);
        var workers = TimedAsync(() => GetJsonAsync(http, "workers"));
        await Task.WhenAll(jobs, workers);
        var total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var (jobsMs, pages, jobBytes, jobCount) = await jobs;
        var (workersMs, (workerBytes, workerCount)) = await workers;
        return new OverviewTiming(whoami, resync, jobsMs, pages, jobBytes, jobCount, workersMs, workerBytes, workerCount, total);
    }

    /// <summary>Every page of GET /jobs as api.js's <c>all</c> reads them: 1,000 a page until a shorter one.</summary>
    private static async Task<(double Ms, int Pages, long Bytes, int Jobs)> AllJobsAsync(HttpClient http)
    {
        var t0 = Stopwatch.GetTimestamp();
        long after = 0, bytes = 0;
        int pages = 0, jobs = 0;
        while (true)
        {
            var (pageBytes, count, last) = await GetPageAsync(http, $"jobs?after={after}&limit=1000");
            pages++;
            bytes += pageBytes;
            jobs += count;
            if (count < 1000) return (Stopwatch.GetElapsedTime(t0).TotalMilliseconds, pages, bytes, jobs);
            after = last;
        }
    }

    private static async Task<(long Bytes, int Count, long LastId)> GetPageAsync(HttpClient http, string path)
    {
        var body = await GetBytesAsync(http, path);
        using var json = JsonDocument.Parse(body);
        var count = json.RootElement.GetArrayLength();
        return (body.LongLength, count, count == 0 ? 0 : json.RootElement[count - 1].GetProperty("id").GetInt64());
    }

    /// <summary>GET, parsed; answers the size and the number of entries (of an array, or of an object's properties).</summary>
    private static async Task<(long Bytes, int Entries)> GetJsonAsync(HttpClient http, string path)
    {
        var body = await GetBytesAsync(http, path);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return (body.LongLength, root.ValueKind == JsonValueKind.Array ? root.GetArrayLength() : root.EnumerateObject().Count());
    }

    private static async Task<byte[]> GetBytesAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<(double Ms, T Result)> TimedAsync<T>(Func<Task<T>> call)
    {
        var t0 = Stopwatch.GetTimestamp();
        var result = await call();
        return (Stopwatch.GetElapsedTime(t0).TotalMilliseconds, result);
    }
}
