package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.FaceAttributes;
import dev.vitface.Fixtures;
import dev.vitface.classify.FacePrediction;
import dev.vitface.preprocess.ImageDecoder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless browser (Debian's chromium and chromium-driver, which
 * {@code bin/test} installs): upload a bundled photo, then read the box and labels it drew.
 * Skipped, saying so, only where no browser is installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebPageBrowserTest {
    private static FaceAttributes attributes;
    private static VitfaceServer server;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
                "skipped: no headless browser here (needs chromium and chromedriver on PATH:"
                        + " apt-get install chromium chromium-driver; bin/test installs them)");
        attributes = FaceAttributes.load(Fixtures.tinyModel(), FaceAttributes.Options.defaults().withBackend("java").withBatchSize(2));
        server = VitfaceServer.start(ServeOptions.defaults().withPort(0), ImageDecoder.defaults().withExifTranspose(true),
                FaceFinders::forMode);
        server.serve(AttributesFaceModel.of(attributes, Fixtures.tinyModel()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        // --no-sandbox: CI containers run as root, where chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,1600");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.stop(Duration.ofSeconds(5));
        if (attributes != null) attributes.close();
    }

    private static Optional<Path> onPath(String... names) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of(names).map(n -> Path.of(dir, n)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void uploadingAPhotoDrawsItsBoxAndPerceivedLabels() throws Exception {
        Path photo = Fixtures.path("tiny/astronaut.png");
        FacePrediction expected = attributes.classify(photo);
        browser.get(server.url() + "/");
        WebElement notice = browser.findElement(By.id("notice"));
        assertTrue(notice.isDisplayed() && notice.getText().contains("perceived"), "the responsible-use notice is visible");

        new Select(browser.findElement(By.id("faces"))).selectByValue("crop"); // the server's default detects
        browser.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !status.getDomAttribute("data-state").equals("busy")
                && !status.getDomAttribute("data-state").equals("idle"));
        assertEquals("done", status.getDomAttribute("data-state"), status.getText());

        List<WebElement> boxes = browser.findElements(By.cssSelector("#stage .face-box"));
        assertEquals(1, boxes.size());
        WebElement box = boxes.getFirst();
        assertEquals("0,0,512,512", box.getDomAttribute("data-box"));
        assertEquals("face 1: perceived " + expected.age().label() + ", " + expected.gender().label() + ", "
                + expected.race().label(), box.getText());
        // Drawn over the whole photo, as a crop-mode box must be.
        Rectangle drawn = box.getRect();
        Rectangle image = browser.findElement(By.id("photo")).getRect();
        assertTrue(image.getWidth() > 100, "the photo is shown");
        assertEquals(image.getX(), drawn.getX(), 1.5);
        assertEquals(image.getY(), drawn.getY(), 1.5);
        assertEquals(image.getWidth(), drawn.getWidth(), 1.5);
        assertEquals(image.getHeight(), drawn.getHeight(), 1.5);

        WebElement card = browser.findElement(By.cssSelector("#faces-list li.face"));
        assertEquals(expected.age().label(), card.getDomAttribute("data-age"));
        assertEquals(expected.gender().label(), card.getDomAttribute("data-gender"));
        assertEquals(expected.race().label(), card.getDomAttribute("data-race"));
        assertEquals(9, card.findElements(By.cssSelector("[data-task=age] .bar-row")).size());
        assertEquals(2, card.findElements(By.cssSelector("[data-task=gender] .bar-row")).size());
        assertEquals(7, card.findElements(By.cssSelector("[data-task=race] .bar-row")).size());
        List<String> ageOrder = card.findElements(By.cssSelector("[data-task=age] .bar-row")).stream()
                .map(e -> e.getDomAttribute("data-label")).toList();
        assertEquals(List.of("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70"), ageOrder);
        WebElement top = card.findElement(By.cssSelector("[data-task=gender] .bar-row.top"));
        assertEquals(expected.gender().label(), top.getDomAttribute("data-label"));
        assertEquals(expected.gender().probability(), Double.parseDouble(top.getDomAttribute("data-probability")), 1e-12);
        assertTrue(card.getText().contains("perceived age: " + expected.age().label()), card.getText());
    }
}
