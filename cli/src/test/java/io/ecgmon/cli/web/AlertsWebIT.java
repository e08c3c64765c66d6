package io.ecgmon.cli.web;

import static io.ecgmon.avro.AlertKind.ONSET;
import static io.ecgmon.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.cli.KafkaFixture;
import io.ecgmon.cli.alerts.AlertsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The live view as a person sees it: a real broker and registry, {@code ecgmon alerts --web}, headless
 * Chromium on the page; an alert produced to Kafka appears in the page's feed and patient list, and a
 * patient's ECG strip gets drawn. Leaves a screenshot in target/ for a human look.
 */
@Timeout(300) // hang guard
class AlertsWebIT {

  @Test
  void anAlertProducedToKafkaAppearsInTheBrowser(@TempDir Path tmp) throws Exception {
    try (KafkaFixture kafka = new KafkaFixture()) {
      String alerts = kafka.topic("alerts", 3);
      String classifications = kafka.topic("classifications", 3);
      String segments = kafka.topic("ecg-segments", 3);
      AlertsCommand command = new AlertsCommand();
      new CommandLine(command).parseArgs("-b", kafka.bootstrap, "-r", kafka.registry.url(), "--topic", alerts,
          "--classifications-topic", classifications, "--segments-topic", segments, "--web", "0");
      StringWriter printed = new StringWriter();
      try (AlertsCommand.Subscription subscription = command.start(new PrintWriter(printed, true))) {
        KafkaFixture.waitUntil("the alerts topic to be attached", subscription::alertsAttached);
        ChromeDriver browser = Browser.start(tmp.resolve("chromium-profile"));
        try {
          browser.get(subscription.webUrl());
          WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
          // the event stream is open: what comes now reaches the page
          wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "open"));

          Alert alert = alert("p-web-1", ONSET, 0.93f, "MI", "STTC");
          kafka.send(alerts, "p-web-1", alert);
          WebElement item = wait.until(ExpectedConditions.presenceOfElementLocated(
              By.cssSelector("#alerts li[data-patient='p-web-1'][data-kind='ONSET']")));
          assertThat(item.getText()).contains("p-web-1", "ONSET", "MI,STTC", "0.93");
          WebElement row = browser.findElement(By.cssSelector("#patients tr[data-patient='p-web-1']"));
          assertThat(row.getAttribute("data-status")).isEqualTo("ALERT");
          assertThat(row.getText()).contains("MI, STTC");

          // two seconds of ECG for the patient: the strip is drawn once the patient is chosen
          for (int second = 0; second < 2; second++) {
            EcgSegment s = Segments.segment("p-web-1", "rec-1", 500, second * 500L, sine(500));
            kafka.send(segments, "p-web-1", s);
          }
          row.click();
          wait.until(d -> Integer.parseInt(d.findElement(By.id("strip-canvas")).getAttribute("data-points")) > 0);
          assertThat(browser.findElement(By.id("strip-info")).getText()).contains("at 50 Hz", "lead II");
          Files.write(Path.of("target", "alerts-web-view.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
          browser.quit();
        }
      }
      assertThat(printed.toString()).contains("live view: http://", "p-web-1");
    }
  }

  /** A 1 Hz sine of 1 mV (gain 200) sampled n times at 500 Hz. */
  private static short[] sine(int n) {
    short[] c = new short[n];
    for (int i = 0; i < n; i++) {
      c[i] = (short) Math.round(200 * Math.sin(2 * Math.PI * i / 500.0));
    }
    return c;
  }
}
