using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Manager.Tests.Worker;

/// <summary>
/// A tiny HTTP/1.1 server on a loopback port for client tests: one request per connection,
/// answered by a function of the request's sequence number.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    public sealed record Request(string Method, string Path, string Body);

    private readonly TcpListener _listener;
    private readonly Func<int, Request, (int Status, string Body)> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<Request> _requests = [];

    public LoopbackHttpServer(int port, Func<int, Request, (int Status, string Body)> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _loop = AcceptLoop();
    }

    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (_gate)
                return _requests.ToList();
        }
    }

    /// <summary>A loopback port nothing listens on (for now): connecting to it is refused.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoop()
    {
        var index = 0;
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Serve(client);
        }

        async Task Serve(TcpClient client)
        {
            using (client)
            {
                await using var stream = client.GetStream();
                var head = await ReadHead(stream);
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                var length = lines.Skip(1)
                    .Select(l => l.Split(':', 2))
                    .Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(p => int.Parse(p[1].Trim()))
                    .FirstOrDefault();
                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                var request = new Request(requestLine[0], requestLine[1], Encoding.UTF8.GetString(body));

                int number;
                lock (_gate)
                {
                    number = index++;
                    _requests.Add(request);
                }
                var (status, answer) = _respond(number, request);
                var payload = Encoding.UTF8.GetBytes(answer);
                var response = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(response);
                await stream.WriteAsync(payload);
            }
        }
    }

    private static async Task<string> ReadHead(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
                break;
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray()).TrimEnd();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
