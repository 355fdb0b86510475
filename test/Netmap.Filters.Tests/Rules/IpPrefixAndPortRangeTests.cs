using Netmap.Filters.Rules;
using Xunit;

namespace Netmap.Filters.Tests.Rules;

public sealed class IpPrefixAndPortRangeTests
{
    [Theory]
    [InlineData("198.18.0.0/15", "198.19.1.2", true)]
    [InlineData("198.18.0.0/15", "198.20.0.0", false)]
    [InlineData("0.0.0.0/0", "1.2.3.4", true)]
    [InlineData("198.18.0.1", "198.18.0.1", true)]
    [InlineData("198.18.0.1", "198.18.0.2", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/33", "2001:db8:8000::1", false)]
    [InlineData("::/0", "fe80::1", true)]
    public void Prefixes_contain_what_they_should(string prefix, string address, bool expected)
    {
        byte[] bytes = System.Net.IPAddress.Parse(address).GetAddressBytes();
        Assert.Equal(expected, IpPrefix.Parse(prefix).Contains(bytes));
    }

    [Fact]
    public void Families_never_mix_and_host_bits_are_cleared()
    {
        Assert.False(IpPrefix.Parse("0.0.0.0/0").Contains(new byte[16]));
        Assert.False(IpPrefix.Parse("::/0").Contains(new byte[4]));
        Assert.Equal(IpPrefix.Parse("10.0.0.0/8"), IpPrefix.Parse("10.1.2.3/8"));
        Assert.Equal("10.0.0.0/8", IpPrefix.Parse("10.1.2.3/8").ToString());
        Assert.False(IpPrefix.TryParse("10.0.0.1/", out _));
        Assert.False(IpPrefix.TryParse("fe80::1%2", out _));
    }

    [Fact]
    public void Port_ranges_use_iptables_colon_syntax()
    {
        Assert.True(PortRange.TryParse(":1024", out PortRange low) && low == new PortRange(0, 1024));
        Assert.True(PortRange.TryParse("1024:", out PortRange high) && high == new PortRange(1024, 65535));
        Assert.False(PortRange.TryParse("20:10", out _));
        Assert.False(PortRange.TryParse(":", out _));
        Assert.False(PortRange.TryParse("-1", out _));
    }
}
