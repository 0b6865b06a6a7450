using System.Net;
using System.Net.Sockets;

namespace CitySense.Core.Webhooks;

/// <summary>
/// Which IP addresses a webhook may be sent to: public unicast only. Everything else is named with its range, so a
/// refusal says why: loopback, private (RFC 1918, unique local), carrier-grade NAT, link-local (the cloud metadata
/// endpoint 169.254.169.254 among them), multicast, unspecified, documentation, benchmarking and reserved ranges.
/// IPv6 addresses that carry an IPv4 address are judged by it (NAT64, 6to4) or refused outright (IPv4-mapped,
/// IPv4-compatible, Teredo).
/// </summary>
public static class AddressRanges
{
    private static readonly (IPNetwork Network, string Name)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
        (IPNetwork.Parse("10.0.0.0/8"), "private (10.0.0.0/8, RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback (127.0.0.0/8)"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (169.254.0.0/16, cloud metadata)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private (172.16.0.0/12, RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments (192.0.0.0/24)"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation (192.0.2.0/24)"),
        (IPNetwork.Parse("192.88.99.0/24"), "6to4 relay anycast (192.88.99.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (192.168.0.0/16, RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking (198.18.0.0/15)"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation (198.51.100.0/24)"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation (203.0.113.0/24)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast (224.0.0.0/4)"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (240.0.0.0/4, broadcast included)"),
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly (IPNetwork Network, string Name)[] V6 =
    [
        (IPNetwork.Parse("::1/128"), "loopback (::1)"),
        (IPNetwork.Parse("::/128"), "unspecified (::)"),
        (IPNetwork.Parse("fc00::/7"), "unique local (fc00::/7)"),
        (IPNetwork.Parse("fe80::/10"), "link-local (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "site-local (fec0::/10)"),
        (IPNetwork.Parse("ff00::/8"), "multicast (ff00::/8)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use NAT64 (64:ff9b:1::/48)"),
        (IPNetwork.Parse("100::/64"), "discard-only (100::/64)"),
        (IPNetwork.Parse("2001::/32"), "Teredo (2001::/32)"),
        (IPNetwork.Parse("2001:2::/48"), "benchmarking (2001:2::/48)"),
        (IPNetwork.Parse("2001:10::/28"), "ORCHID (2001:10::/28)"),
        (IPNetwork.Parse("2001:20::/28"), "ORCHIDv2 (2001:20::/28)"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation (2001:db8::/32)"),
        (IPNetwork.Parse("3fff::/20"), "documentation (3fff::/20)"),
        (IPNetwork.Parse("5f00::/16"), "segment routing (5f00::/16)"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");

    /// <summary>Null when <paramref name="address"/> is public unicast; otherwise the name of the range that refuses it.</summary>
    public static string? NonPublicRange(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return V4.FirstOrDefault(range => range.Network.Contains(address)).Name;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        // A name never needs to resolve to one; only an attempt to slip an IPv4 address past the IPv4 rules does.
        if (address.IsIPv4MappedToIPv6)
        {
            return $"IPv4-mapped (::ffff:0:0/96, carrying {address.MapToIPv4()})";
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return Embedded("NAT64", new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (SixToFour.Contains(address))
        {
            return Embedded("6to4", new IPAddress(bytes.AsSpan(2, 4)));
        }

        if (V4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Loopback) && !address.Equals(IPAddress.IPv6Any))
        {
            return "IPv4-compatible (::/96, deprecated)";
        }

        var named = V6.FirstOrDefault(range => range.Network.Contains(address)).Name;
        return named ?? (GlobalUnicastV6.Contains(address) ? null : "reserved (outside global unicast 2000::/3)");
    }

    /// <summary>Whether <paramref name="address"/> is a loopback address, IPv4 (127.0.0.0/8), IPv6 (::1) or IPv4-mapped.</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static string? Embedded(string kind, IPAddress v4) =>
        NonPublicRange(v4) is { } range ? $"{kind}, carrying {v4}: {range}" : null;
}
