using System.Text;
using CsCheck;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Testing;
using static GeminiWiki.Protocol.Tests.Properties.RequestGenerators;

namespace GeminiWiki.Protocol.Tests.Properties;

/// <summary>The two ends of a connection: framing the request line, and the response header.</summary>
[Trait("Category", "Property")]
public sealed class FramingAndResponseProperties
{
    private static readonly GeminiStatus[] Statuses = Enum.GetValues<GeminiStatus>();

    /// <summary>Client bytes: near-miss lines with CRLF, LF, CR or nothing after them, padding, body bytes.</summary>
    private static readonly Gen<byte[]> ClientBytes = Gen.Select(NearMissLine, Gen.OneOf("\r\n", "\n", "\r", "", "\r\r\n", "\n\r"), Gen.Int[0, 1030], Bytes)
        .Select((line, end, padding, tail) =>
        {
            var pad = padding > 1000 ? new byte[padding] : [];
            Array.Fill(pad, (byte)'a');
            return (byte[])[.. pad, .. line, .. Encoding.ASCII.GetBytes(end), .. tail];
        });

    [Fact]
    public void Framing_finds_the_first_CRLF_within_1024_bytes_however_the_bytes_arrive() =>
        PropertyRun.Check(Gen.Select(ClientBytes, Gen.Int[1, 1100].Array[1, 8]), (data, chunks) =>
        {
            var buffer = new byte[RequestLineReader.MinimumBufferSize];
            var result = RequestLineReader.ReadAsync(new ChunkedStream(data, chunks), buffer, CancellationToken.None).AsTask().GetAwaiter().GetResult();

            var expected = Expected(data);
            Assert.Equal(expected.Status, result.Status);
            Assert.InRange(result.BufferedLength, 0, buffer.Length);
            if (expected.Status == RequestLineStatus.Complete)
            {
                Assert.Equal(expected.LineLength, result.LineLength);
                Assert.InRange(result.BodyStart, 2, result.BufferedLength);
                Assert.True(buffer.AsSpan(0, result.BufferedLength).SequenceEqual(data.AsSpan(0, result.BufferedLength)));

                // What the framing hands on, the parser always answers.
                if (!RequestParser.TryParse(buffer.AsSpan(0, result.LineLength), Served, null, out _, out var reason))
                {
                    Assert.True(RequestRejection.ToResponse(reason).Code is 53 or 59);
                }
            }
        }, iterations: 10_000);

    [Fact]
    public void Any_meta_becomes_one_header_line_of_at_most_1024_bytes() =>
        PropertyRun.Check(Gen.Select(Gen.Int[0, Statuses.Length - 1], Gen.Frequency((4, AnyText), (3, UnicodeText), (1, Gen.Char.Array[1000, 1400].Select(c => new string(c))))), (index, meta) =>
        {
            var status = Statuses[index];
            GeminiResponse response;
            try
            {
                response = status == GeminiStatus.Success ? GeminiResponse.Success(meta, ReadOnlyMemory<byte>.Empty) : GeminiResponse.Create(status, meta);
            }
            catch (ArgumentException) when (status is GeminiStatus.Input or GeminiStatus.SensitiveInput or GeminiStatus.Success or GeminiStatus.TemporaryRedirect or GeminiStatus.PermanentRedirect)
            {
                // These codes need a meta; one that is blank once cleaned is refused, never sent empty.
                return;
            }

            var header = response.FormatHeader();
            var text = Encoding.UTF8.GetString(header);
            Assert.Equal(header, Encoding.UTF8.GetBytes(text));
            Assert.Equal($"{(int)status} ", text[..3]);
            Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
            Assert.Equal(1, text.Count(c => c == '\r'));
            Assert.Equal(1, text.Count(c => c == '\n'));
            Assert.Equal(response.Meta, text[3..^2]);
            Assert.InRange(Encoding.UTF8.GetByteCount(response.Meta), 0, GeminiResponse.MaxMetaBytes);
            Assert.DoesNotContain(response.Meta, c => char.IsControl(c) || c == '\uFEFF');
            Assert.False(header.AsSpan().StartsWith("\uFEFF"u8));
        }, iterations: 20_000);

    [Fact]
    public void Every_factory_keeps_its_status_and_a_clean_meta() =>
        PropertyRun.Check(UnicodeText, text =>
        {
            var responses = new List<GeminiResponse>
            {
                GeminiResponse.TemporaryFailure(text), GeminiResponse.ServerUnavailable(text), GeminiResponse.PermanentFailure(text),
                GeminiResponse.NotFound(text), GeminiResponse.Gone(text), GeminiResponse.ProxyRequestRefused(text), GeminiResponse.BadRequest(text),
                GeminiResponse.CertificateRequired(text), GeminiResponse.CertificateNotAuthorised(text), GeminiResponse.CertificateNotValid(text),
                GeminiResponse.SlowDown(text.Length - 30),
            };
            if (!string.IsNullOrWhiteSpace(text) && text.Any(c => !char.IsControl(c) && !char.IsWhiteSpace(c) && c != '\uFEFF'))
            {
                responses.Add(GeminiResponse.Input(text));
                responses.Add(GeminiResponse.Redirect(text));
                responses.Add(GeminiResponse.Gemtext(text, text));
            }

            foreach (var response in responses)
            {
                var header = Encoding.UTF8.GetString(response.FormatHeader());
                Assert.Matches("^[1-6][0-9] ", header);
                Assert.Equal(header.Length - 2, header.IndexOf("\r\n", StringComparison.Ordinal));
                Assert.DoesNotContain('\n', header[..^1]);
                Assert.True(response.IsSuccess || response.Body.IsEmpty);
            }
        }, iterations: 10_000);

    /// <summary>The framing rule written the simple way: scan the whole input once.</summary>
    private static (RequestLineStatus Status, int LineLength) Expected(byte[] data)
    {
        var crlf = data.AsSpan().IndexOf("\r\n"u8);
        if (crlf >= 0 && crlf <= RequestParser.MaxRequestBytes)
        {
            return (RequestLineStatus.Complete, crlf);
        }

        // Past 1024 bytes only a CR at index 1024 may still turn out to be the line end.
        var tooLong = data.Length > RequestParser.MaxRequestBytes + 1
            || (data.Length == RequestParser.MaxRequestBytes + 1 && data[RequestParser.MaxRequestBytes] != (byte)'\r');
        return (tooLong ? RequestLineStatus.TooLong : RequestLineStatus.Closed, 0);
    }

    /// <summary>Hands out the bytes in the given chunk sizes (cycling), completing synchronously, then ends.</summary>
    private sealed class ChunkedStream(byte[] data, int[] chunks) : Stream
    {
        private int _position;
        private int _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = Math.Min(Math.Min(chunks[_reads++ % chunks.Length], buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
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
