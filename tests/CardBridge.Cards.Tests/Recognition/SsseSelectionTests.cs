using CardBridge.Cards.Recognition;
using CardBridge.Crypto;

namespace CardBridge.Cards.Tests.Recognition;

public sealed class SsseSelectionTests
{
    private static readonly byte[] Aid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    [Theory]
    [InlineData("6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C03860103", CardAlgorithm.Sm4)] // 9F0C primitive, as the simulator sends it
    [InlineData("6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C03860101", CardAlgorithm.Des3)]
    public void Algorithm_is_read_from_tag_86_inside_primitive_9F0C(string fci, CardAlgorithm expected)
    {
        var selection = SsseSelection.Parse(Convert.FromHexString(fci), Aid);

        Assert.True(selection.Found);
        Assert.Equal(expected, selection.Algorithm);
    }

    [Fact]
    public void FCI_without_algorithm_is_found_with_unknown_algorithm()
    {
        var selection = SsseSelection.Parse(Convert.FromHexString("6F11840F7378312E73682EC9E7BBE1B1A3D5CF"), Aid);

        Assert.True(selection.Found);
        Assert.Null(selection.Algorithm);
    }

    [Fact]
    public void Malformed_9F0C_content_is_not_found()
    {
        var selection = SsseSelection.Parse(Convert.FromHexString("6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C03860501"), Aid);

        Assert.False(selection.Found);
    }
}
