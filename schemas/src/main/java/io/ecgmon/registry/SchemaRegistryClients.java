package io.ecgmon.registry;

/** Picks the client for a {@code schema.registry.url}: in-memory for {@code mock://scope}, HTTP otherwise. */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * @param url the first of Confluent's comma-separated {@code schema.registry.url} values is used
   * @param credentialsSource Confluent's {@code basic.auth.credentials.source}: USER_INFO or URL (or null)
   * @param userInfo Confluent's {@code basic.auth.user.info}, {@code user:password}
   */
  public static SchemaRegistryClient forUrl(String url, String credentialsSource, String userInfo) {
    String first = url.split(",")[0].trim();
    if (first.startsWith(MockSchemaRegistry.URL_PREFIX)) {
      return MockSchemaRegistry.forScope(first.substring(MockSchemaRegistry.URL_PREFIX.length()));
    }
    String source = credentialsSource == null ? "URL" : credentialsSource.trim().toUpperCase();
    switch (source) {
      case "USER_INFO":
        return new HttpSchemaRegistryClient(first, userInfo);
      case "URL": {
        java.net.URI uri = java.net.URI.create(first);
        String inUrl = uri.getRawUserInfo();
        String withoutUser = inUrl == null ? first : first.replace(inUrl + "@", "");
        return new HttpSchemaRegistryClient(withoutUser,
            inUrl == null ? null : java.net.URLDecoder.decode(inUrl, java.nio.charset.StandardCharsets.UTF_8));
      }
      default:
        throw new IllegalArgumentException(
            "basic.auth.credentials.source " + credentialsSource + " is not supported (USER_INFO or URL)");
    }
  }
}
