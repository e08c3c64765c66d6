package io.ecgmon.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version from the jar manifest (unknown when run from classes). */
public final class ManifestVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Ecgmon.class.getPackage().getImplementationVersion();
    return new String[] {
        "ecgmon " + (version == null ? "(development build)" : version),
        "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
  }
}
