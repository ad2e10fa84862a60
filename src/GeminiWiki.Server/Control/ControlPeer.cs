using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace GeminiWiki.Server.Control;

/// <summary>The process at the other end of a Unix domain socket, as the kernel reports it (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int ProcessId, uint UserId, uint GroupId)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    public const int Size = 12;

    /// <summary>Linux's struct ucred: pid, uid, gid as native 32-bit integers.</summary>
    public static PeerCredentials? Parse(ReadOnlySpan<byte> ucred) => ucred.Length < Size
        ? null
        : new PeerCredentials(
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReadInt32LittleEndian(ucred) : BinaryPrimitives.ReadInt32BigEndian(ucred),
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]) : BinaryPrimitives.ReadUInt32BigEndian(ucred[4..]),
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]) : BinaryPrimitives.ReadUInt32BigEndian(ucred[8..]));

    /// <summary>The peer of a connected Unix domain socket; null when the platform does not say.</summary>
    public static PeerCredentials? Of(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[Size];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, buffer);
            return Parse(buffer[..length]);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}

/// <summary>Who may use the control socket: the user the server runs as, nobody else.</summary>
public static class ControlPeer
{
    /// <summary>Null when <paramref name="peer"/> may send commands; otherwise why not, in words for the refused user.</summary>
    public static string? Refusal(PeerCredentials? peer, uint serverUserId) => peer switch
    {
        null => "the server cannot tell which user is asking, so it answers no one",
        { UserId: var uid } when uid != serverUserId => $"it answers only the user the server runs as (uid {serverUserId}), not uid {uid}",
        _ => null,
    };

    /// <summary>The effective user id of this process.</summary>
    public static uint CurrentUserId => geteuid();

    // A plain DllImport: the signature needs no marshalling, and LibraryImport would need unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
#pragma warning restore SYSLIB1054
}
