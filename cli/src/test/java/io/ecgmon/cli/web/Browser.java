package io.ecgmon.cli.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, both at fixed paths (ECGMON_CHROMIUM,
 * ECGMON_CHROMEDRIVER override them). The driver path is set, so Selenium Manager never tries to
 * download a driver or a browser. Where they are missing the browser test fails under CI (CI=true;
 * ops/test installs them) and is skipped, loudly, elsewhere.
 */
final class Browser {

  static final String CHROMIUM = System.getenv().getOrDefault("ECGMON_CHROMIUM", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getenv().getOrDefault("ECGMON_CHROMEDRIVER", "/usr/bin/chromedriver");

  private Browser() {}

  static ChromeDriver start(Path profileDir) throws Exception {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    if (!present) {
      String message = "headless browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
          + " (Debian: apt-get install chromium chromium-driver; ops/test installs them)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      System.err.println("SKIPPED browser test: " + message);
      Assumptions.abort(message);
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,900",
        "--user-data-dir=" + Files.createDirectories(profileDir).toAbsolutePath());
    return new ChromeDriver(service, options);
  }
}
