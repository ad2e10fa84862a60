using System.Text;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Tests.Requests;

/// <summary>Framing: a line ends at CRLF and nowhere else, with a hard cap of 1024 bytes before it.</summary>
public sealed class RequestLineReaderTests
{
    private const string Line = "gemini://localhost/";

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task Finds_the_CRLF_however_the_bytes_arrive(int chunkSize)
    {
        var (result, buffer) = await ReadAsync(new ChunkedStream(Utf8(Line + "\r\n"), chunkSize));

        Assert.Equal(RequestLineStatus.Complete, result.Status);
        Assert.Equal(Line, Encoding.UTF8.GetString(buffer, 0, result.LineLength));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_line_of_exactly_1024_bytes_is_complete(int chunkSize)
    {
        var line = new string('a', RequestParser.MaxRequestBytes);

        var (result, _) = await ReadAsync(new ChunkedStream(Utf8(line + "\r\n"), chunkSize));

        Assert.Equal(RequestLineStatus.Complete, result.Status);
        Assert.Equal(1024, result.LineLength);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(1025)]
    public async Task A_1025th_byte_that_is_not_CR_is_too_long_without_waiting_for_more(int chunkSize)
    {
        // The stream never ends after the 1025 bytes: an answer proves the reader did not wait.
        var stream = new ChunkedStream(Utf8(new string('a', 1025)), chunkSize, blockAtEnd: true);

        var pending = ReadAsync(stream);

        Assert.True(pending.IsCompleted);
        var (result, _) = await pending;
        Assert.Equal(RequestLineStatus.TooLong, result.Status);
    }

    [Fact]
    public async Task A_CR_after_1024_bytes_not_followed_by_LF_is_too_long()
    {
        var (result, _) = await ReadAsync(new ChunkedStream(Utf8(new string('a', 1024) + "\rx"), 1));

        Assert.Equal(RequestLineStatus.TooLong, result.Status);
    }

    [Fact]
    public async Task A_CRLF_after_1025_bytes_is_too_long()
    {
        var (result, _) = await ReadAsync(new ChunkedStream(Utf8(new string('a', 1025) + "\r\n"), int.MaxValue));

        Assert.Equal(RequestLineStatus.TooLong, result.Status);
    }

    [Theory]
    [InlineData(Line + "\n")]
    [InlineData(Line + "\n\n")]
    [InlineData(Line + "\r")]
    [InlineData(Line + "\n\r")]
    [InlineData(Line)]
    [InlineData("")]
    public async Task Without_CRLF_a_stream_that_ends_is_closed(string sent)
    {
        var (result, _) = await ReadAsync(new ChunkedStream(Utf8(sent), 1));

        Assert.Equal(RequestLineStatus.Closed, result.Status);
        Assert.Equal(Encoding.UTF8.GetByteCount(sent), result.BufferedLength);
    }

    [Fact]
    public async Task A_bare_LF_is_not_a_line_end_so_the_reader_keeps_waiting()
    {
        using var cancellation = new CancellationTokenSource();
        var stream = new ChunkedStream(Utf8(Line + "\n"), int.MaxValue, blockAtEnd: true);
        var buffer = new byte[RequestLineReader.MinimumBufferSize];

        var pending = RequestLineReader.ReadAsync(stream, buffer, cancellation.Token);

        // Still waiting for a CRLF; only the connection's read timeout ends this.
        Assert.False(pending.IsCompleted);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(5)]
    public async Task Bytes_after_the_CRLF_stay_in_the_buffer(int chunkSize)
    {
        const string sent = "titan://localhost/raw/Home;size=5\r\nhello";

        var (result, buffer) = await ReadAsync(new ChunkedStream(Utf8(sent), chunkSize));

        Assert.Equal(RequestLineStatus.Complete, result.Status);
        Assert.Equal(sent.IndexOf('\r'), result.LineLength);
        Assert.Equal(result.LineLength + 2, result.BodyStart);
        Assert.True(result.BufferedLength <= sent.Length);
        Assert.Equal(sent[..result.BufferedLength], Encoding.UTF8.GetString(buffer, 0, result.BufferedLength));
        if (chunkSize == int.MaxValue)
        {
            Assert.Equal("hello", Encoding.UTF8.GetString(buffer, result.BodyStart, result.BufferedLength - result.BodyStart));
        }
    }

    [Fact]
    public async Task The_first_CRLF_ends_the_line()
    {
        var (result, buffer) = await ReadAsync(new MemoryStream(Utf8(Line + "\r\n" + Line + "\r\n")));

        Assert.Equal(Line, Encoding.UTF8.GetString(buffer, 0, result.LineLength));
    }

    [Fact]
    public async Task An_empty_line_is_complete_and_empty()
    {
        var (result, _) = await ReadAsync(new MemoryStream(Utf8("\r\n")));

        Assert.Equal(RequestLineStatus.Complete, result.Status);
        Assert.Equal(0, result.LineLength);
    }

    [Fact]
    public async Task A_buffer_too_small_for_the_longest_line_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await RequestLineReader.ReadAsync(new MemoryStream(), new byte[RequestLineReader.MinimumBufferSize - 1], CancellationToken.None));
    }

    private static async ValueTask<(RequestLine Line, byte[] Buffer)> ReadAsync(Stream stream)
    {
        var buffer = new byte[RequestLineReader.MinimumBufferSize];
        var line = await RequestLineReader.ReadAsync(stream, buffer, CancellationToken.None);
        return (line, buffer);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Hands out its bytes at most <c>chunkSize</c> at a time, completing synchronously; at the end
    /// it either reports end of stream or blocks until cancelled, like a client that stays silent.
    /// </summary>
    private sealed class ChunkedStream(byte[] data, int chunkSize, bool blockAtEnd = false) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == data.Length)
            {
                if (blockAtEnd)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return 0;
            }

            var count = Math.Min(Math.Min(chunkSize, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
