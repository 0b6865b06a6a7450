using System.Net;
using CitySense.Core.Webhooks;

namespace CitySense.UnitTests.Webhooks;

public sealed class AddressRangesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.0.0.1", "private (10.0.0.0/8")]
    [InlineData("172.16.5.4", "private (172.16.0.0/12")]
    [InlineData("192.168.1.1", "private (192.168.0.0/16")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "'this network'")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("192.0.2.10", "documentation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "unique local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped")]
    [InlineData("::ffff:8.8.8.8", "IPv4-mapped")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped")]
    [InlineData("::10.0.0.1", "IPv4-compatible")]
    [InlineData("64:ff9b::a00:1", "NAT64, carrying 10.0.0.1: private")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64, carrying 169.254.169.254: link-local")]
    [InlineData("64:ff9b:1::1", "local-use NAT64")]
    [InlineData("2002:7f00:1::1", "6to4, carrying 127.0.0.1: loopback")]
    [InlineData("2002:c0a8:101::1", "6to4, carrying 192.168.1.1: private")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("4000::1", "reserved (outside global unicast")]
    public void NonPublicRange_NonPublicAddress_NamesItsRange(string address, string range)
    {
        var named = AddressRanges.NonPublicRange(IPAddress.Parse(address));

        Assert.NotNull(named);
        Assert.StartsWith(range, named, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("20.50.2.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void NonPublicRange_PublicAddress_IsNull(string address)
    {
        Assert.Null(AddressRanges.NonPublicRange(IPAddress.Parse(address)));
    }
}
