using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Inception.LanguageServer.Server;

/// <summary>
/// The server's input, whose end is reported only once every request read has its answer: StreamJsonRpc drops
/// the answers still being computed when its input ends, so a client that writes its requests and closes its
/// end (<c>incept lsp &lt; requests</c>) would otherwise get none.
/// </summary>
internal sealed class InputUntilAnswered : Stream
{
    private readonly Stream _inner;

    public InputUntilAnswered(Stream inner) => _inner = inner;

    /// <summary>Set once the message handler exists: waits until the requests read so far are answered.</summary>
    public Func<Task>? Answered { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (count == 0 && Answered is { } answered)
        {
            await answered().ConfigureAwait(false);
        }

        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
