package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.formats.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (Debian's headless Chromium through its chromedriver) against the
 * packaged embedded platform: a user logs in, uploads a CSV and starts an experiment with the form,
 * watches it finish without reloading (server-sent events), sees the top ten with the best
 * highlighted and "your model is served at …", and gets a prediction from the try-it form. Each
 * screen also fits a phone's width. Screenshots of the three screens, at a laptop's and a phone's
 * width, go to {@code target/screenshots}.
 */
class BrowserIT {
    static final Path SHOTS = Path.of("target", "screenshots");
    static final String USER = "carol";
    static final String PASSWORD = "carol-password-1";

    static String base;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        base = RunningPlatform.start();
        var made =
                EmbeddedPlatformIT.postJson(
                        "/api/users", Map.of("username", USER, "password", PASSWORD));
        assertThat(made.statusCode()).as(made.body()).isIn(201, 409);
        Path chromium = Path.of(System.getProperty("knobs.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("knobs.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            String why =
                    "the browser suite needs Chromium and ChromeDriver (apt-get install chromium"
                            + " chromium-driver): "
                            + (Files.isExecutable(chromium) ? driver : chromium)
                            + " is missing";
            // never silently green where it must run
            assertThat(System.getenv("CI")).as(why).isNull();
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(driver.toFile())
                        .usingAnyFreePort()
                        .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A wait that looks again when the page re-rendered what it was reading (live updates). */
    static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The whole page at the window's width: the window grows to the page's height meanwhile. */
    static void screenshot(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = (Long) js("return document.documentElement.scrollHeight;");
        browser.manage()
                .window()
                .setSize(new Dimension(window.getWidth(), (int) Math.min(6000, height + 140)));
        Files.write(
                SHOTS.resolve(name + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(window);
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @Test
    void logsInTunesWatchesLiveAndGetsAPredictionFromTheTryItForm() throws Exception {
        // not logged in: the page sends to the login form, which refuses a wrong password
        browser.get(base + "/");
        waitUpTo(10).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.id("login")).click();
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText())
                .contains("Wrong user name or password");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login")).click();
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-form")));
        assertThat(browser.findElement(By.id("nav-account")).getText()).isEqualTo(USER);

        // screen 1: a CSV dropped on the drop zone is uploaded and previewed
        js(
                "const data = new DataTransfer();"
                        + "data.items.add(new File([arguments[0]], 'dropped.csv', {type: 'text/csv'}));"
                        + "const zone = document.getElementById('drop-zone');"
                        + "for (const type of ['dragenter', 'dragover', 'drop']) {"
                        + "  zone.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));"
                        + "}",
                SyntheticData.churnCsv(40, 2));
        waitUpTo(20)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("dataset-preview"), "dropped: 40 rows"));
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("dataset-pick"), "dropped (40 rows)"));

        // upload with the file input, preview with column types, the space checked as typed
        Path csv = Files.createTempFile("churn", ".csv");
        Files.writeString(csv, SyntheticData.churnCsv(600, 5));
        browser.findElement(By.id("dataset-file")).sendKeys(csv.toAbsolutePath().toString());
        waitUpTo(20)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("dataset-preview"), "600 rows"));
        assertThat(browser.findElement(By.id("dataset-preview")).getText())
                .contains("plan (categorical)")
                .contains("age (numeric)");
        new Select(browser.findElement(By.id("label-column"))).selectByValue("churn");
        WebElement space = browser.findElement(By.id("space"));
        space.clear();
        // two objectives in Korean; the seed's own form, word for word, and a name people say
        // (트리 깊이: max_depth)
        space.sendKeys(
                "accuracy를 최대화하고 model_size_kb를 최소화해줘\n"
                        + "하이퍼파라미터 learning_rate를 0.05~0.3 로그 스케일로 해줘\n트리 깊이를 2~5로 해줘\n"
                        + "n_estimators in [20, 40");
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("space-feedback"), "line 4, column"));
        space.sendKeys("]");
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("space-feedback"), "n_estimators"));
        assertThat(browser.findElement(By.id("space-feedback")).getText())
                .contains("learning_rate: real number from 0.05 to 0.3, log scale")
                .contains("max_depth: integer from 2 to 5")
                .contains("n_estimators: one of 20, 40")
                .contains("objective: maximize accuracy")
                .contains("traded against: minimize model_size_kb");
        setNumber("publish-within", "3");
        setNumber("max-trials", "6");
        setNumber("parallel", "3");
        screenshot("1-new-experiment");
        atPhoneWidth("1-new-experiment-phone");
        js("window.knobsPageLoad = 'same page';");
        int unreadBefore = unread();
        browser.findElement(By.id("start")).click();

        // screen 2: live progress until it ends, without a reload; the unread count rises meanwhile
        waitUpTo(15).until(ExpectedConditions.urlContains("#experiment/"));
        String experiment = browser.getCurrentUrl().replaceAll(".*#experiment/", "");
        waitUpTo(60).until(b -> unread() > unreadBefore);
        waitUpTo(240)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("exp-status"), "SUCCEEDED"));
        waitUpTo(60)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("exp-model"), "Your model is served at"));
        assertThat(js("return window.knobsPageLoad;"))
                .as("updated live, not by reloading the page")
                .isEqualTo("same page");
        assertThat(browser.findElement(By.id("exp-counts")).getText())
                .startsWith("6 of 6 finished");
        List<WebElement> top = browser.findElements(By.cssSelector("#leaderboard tbody tr"));
        assertThat(top).hasSizeBetween(1, 10);
        assertThat(top.get(0).getAttribute("class")).isEqualTo("best");
        assertThat(browser.findElements(By.cssSelector("#trials tbody tr"))).hasSize(6);
        assertThat((Long) js("return document.getElementById('plot-history').naturalWidth;"))
                .isPositive();
        // two objectives: the front, its rule in words, the pick marked, and its plot
        waitUpTo(20)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("front-rule"), "lowest model_size_kb"));
        assertThat(browser.findElement(By.id("front-rule")).getText())
                .contains("within 3 % of the best accuracy");
        List<WebElement> front = browser.findElements(By.cssSelector("#front tbody tr"));
        assertThat(front).isNotEmpty();
        assertThat(front)
                .filteredOn(row -> "best".equals(row.getAttribute("class")))
                .singleElement()
                .satisfies(row -> assertThat(row.getText()).contains("the rule's pick"));
        // any of the front may be served instead, once the pick is published
        assertThat(front)
                .allSatisfy(
                        row ->
                                assertThat(row.findElements(By.tagName("button")))
                                        .singleElement()
                                        .satisfies(
                                                b ->
                                                        assertThat(b.getText())
                                                                .isEqualTo("Serve this one")));
        waitUpTo(20)
                .until(
                        b ->
                                ((Long)
                                                js(
                                                        "const i = document.getElementById('plot-front');"
                                                                + " return i.complete ? i.naturalWidth : 0;"))
                                        > 0);
        // the analysis: importance in words and as a plot, slice, timeline
        waitUpTo(20)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("importance-text"), "PED-ANOVA"));
        for (String plot :
                List.of("plot-importance", "plot-slice", "plot-contour", "plot-timeline")) {
            waitUpTo(20)
                    .until(
                            b ->
                                    ((Long)
                                                    js(
                                                            "const i = document.getElementById(arguments[0]);"
                                                                    + " return i.complete ? i.naturalWidth : 0;",
                                                            plot))
                                            > 0);
        }
        assertThat(browser.findElement(By.id("plot-importance")).getAttribute("alt"))
                .contains("learning_rate");
        // a trial's whole output, a page at a time; the trials as CSV
        browser.findElement(By.cssSelector("#trials button[aria-label^='Output of trial']"))
                .click();
        waitUpTo(15)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("trial-output-title"), "bytes"));
        assertThat(browser.findElement(By.id("trial-output")).getText()).isNotBlank();
        Object exported =
                ((JavascriptExecutor) browser)
                        .executeAsyncScript(
                                "const done = arguments[0];"
                                        + "fetch(document.getElementById('exp-csv').href)"
                                        + ".then(r => r.text()).then(done);");
        assertThat(String.valueOf(exported)).startsWith("number,id,state,objective");
        assertThat(String.valueOf(exported).lines()).hasSize(7);
        screenshot("2-experiment");

        atPhoneWidth("2-experiment-phone");

        // screen 3: the model, its try-it form
        browser.findElement(By.linkText("Model details and try it")).click();
        waitUpTo(15).until(ExpectedConditions.visibilityOfElementLocated(By.id("try-0")));
        JsonNode row =
                Json.MAPPER.valueToTree(
                        Map.of(
                                "age", 41, "income", 52000, "plan", "gold", "visits", 3, "tenure",
                                7));
        for (WebElement input : browser.findElements(By.cssSelector("#try-fields input"))) {
            String name = input.getAttribute("name");
            assertThat(row.has(name)).as("an input of the model: " + name).isTrue();
            input.sendKeys(row.path(name).asText());
        }
        browser.findElement(By.id("try-predict")).click();
        waitUpTo(90)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("try-result"), "predictions"));
        assertThat(browser.findElement(By.id("try-result")).getText())
                .containsPattern("\"label\": \"(yes|no)\"");
        assertThat(browser.findElement(By.id("model-served")).getText())
                .contains("Your model is served at")
                .contains("curl");
        // its versions: the one published takes all the traffic; its scaling is set on the page
        assertThat(browser.findElement(By.id("version-list")).getText())
                .contains("SERVED")
                .contains("100 %");
        setNumber("scale-min", "1");
        setNumber("scale-delay", "120");
        browser.findElement(By.cssSelector("#scaling-form button")).click();
        waitUpTo(15)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("scaling-result"), "Saved"));
        screenshot("3-model");
        atPhoneWidth("3-model-phone");

        // the curl commands shown are copy-ready: run as they are, the endpoint answers
        List<String> posts =
                browser.findElements(By.cssSelector("#model-served code")).stream()
                        .map(WebElement::getText)
                        .filter(c -> c.startsWith("curl -s -X POST "))
                        .toList();
        assertThat(posts).hasSize(2);
        for (String curl : posts) {
            String url = curl.substring("curl -s -X POST ".length(), curl.indexOf(" -H "));
            String body = curl.substring(curl.indexOf(" -d '") + 5, curl.length() - 1);
            var answer = EmbeddedPlatformIT.post(url, "application/json", body.getBytes());
            assertThat(answer.statusCode()).as(curl + " → " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).containsAnyOf("\"predictions\"", "\"outputs\"");
        }
        notificationsAndASubscription(experiment, unreadBefore);
    }

    static int unread() {
        return Integer.parseInt(browser.findElement(By.id("unread-count")).getText().trim());
    }

    /**
     * The notification centre lists what happened (started, published, finished), linking to the
     * experiment; a subscription made on the page gets its test delivery, which its log shows.
     */
    void notificationsAndASubscription(String experiment, int unreadBefore) throws Exception {
        waitUpTo(30).until(b -> unread() >= unreadBefore + 3);
        browser.findElement(By.id("nav-notifications")).click();
        waitUpTo(10)
                .until(
                        ExpectedConditions.presenceOfElementLocated(
                                By.cssSelector("#notification-list li.unread")));
        WebElement finished =
                waitUpTo(10)
                        .until(
                                b ->
                                        b
                                                .findElements(
                                                        By.cssSelector("#notification-list a"))
                                                .stream()
                                                .filter(a -> a.getText().contains(" finished"))
                                                .findFirst()
                                                .orElse(null));
        assertThat(finished.getAttribute("href")).endsWith("#experiment/" + experiment);
        screenshot("4-notifications");
        browser.findElement(By.id("read-all")).click();
        waitUpTo(10).until(b -> unread() == 0);
        waitUpTo(10)
                .until(
                        b -> {
                            WebElement link =
                                    b.findElements(By.cssSelector("#notification-list a")).stream()
                                            .filter(a -> a.getText().contains(" finished"))
                                            .findFirst()
                                            .orElse(null);
                            if (link != null) {
                                link.click();
                            }
                            return link != null;
                        });
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("exp-status"), "SUCCEEDED"));

        try (var receiver = new dev.knobs.web.subscription.WebhookReceiver()) {
            browser.get(base + "/#subscriptions");
            waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("sub-sink")));
            browser.findElement(By.id("sub-sink")).sendKeys(receiver.url());
            browser.findElement(By.cssSelector("#subscription-form button")).click();
            WebElement secret =
                    waitUpTo(10)
                            .until(
                                    ExpectedConditions.visibilityOfElementLocated(
                                            By.id("subscription-secret")));
            assertThat(secret.getText()).startsWith("whsec_");
            receiver.secret(secret.getText());
            waitUpTo(10)
                    .until(
                            ExpectedConditions.textToBePresentInElementLocated(
                                    By.id("subscription-list"), receiver.url()));
            browser.findElement(By.cssSelector("#subscription-list button[aria-label^='Test']"))
                    .click();
            waitUpTo(30)
                    .until(
                            ExpectedConditions.textToBePresentInElementLocated(
                                    By.id("delivery-log"), "DELIVERED"));
            assertThat(browser.findElement(By.id("delivery-log")).getText())
                    .contains("subscription-test")
                    .contains("· 204 ·");
            assertThat(receiver.accepted()).hasSize(1).allMatch(r -> r.valid());
            screenshot("5-subscriptions");
        }
        searchCloneAndDelete(experiment);
        ownCode();
    }

    /**
     * "My own code" as carol, who is no administrator: a single .py file, its command line and the
     * metric it prints, run in the sandbox with the dataset as a file; its steps and results reach
     * the leaderboard.
     */
    void ownCode() throws Exception {
        browser.get(base + "/#new");
        new Select(waitUpTo(10).until(ExpectedConditions.elementToBeClickable(By.id("algorithm"))))
                .selectByValue("custom");
        waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("own-code")));
        assertThat(browser.findElement(By.id("own-contract")).getText())
                .contains("KNOBS_DATASET_PATH")
                .contains("knobs final");
        Path py = Files.createTempDirectory("own-code").resolve("train.py");
        Files.writeString(
                py,
                String.join(
                        "\n",
                        "import os",
                        "x = float(os.environ['KNOBS_HP_X'])",
                        "rows = sum(1 for _ in open(os.environ['KNOBS_DATASET_PATH']))",
                        "for s in (1, 2, 3):",
                        "    print(f'knobs step={s} score={x * s / 3}')",
                        "print(f'knobs final score={1 - (x - 0.3) ** 2} rows={rows}')",
                        ""));
        browser.findElement(By.id("trainer-file")).sendKeys(py.toString());
        WebElement metric = browser.findElement(By.id("own-metric"));
        metric.clear();
        metric.sendKeys("score");
        WebElement space = browser.findElement(By.id("space"));
        space.clear();
        space.sendKeys("x를 0.0~1.0으로 해줘");
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("space-feedback"), "x: real number from 0 to 1"));
        setNumber("max-trials", "3");
        setNumber("parallel", "1");
        screenshot("8-own-code");
        browser.findElement(By.id("start")).click();
        waitUpTo(15).until(ExpectedConditions.urlContains("#experiment/"));
        waitUpTo(120)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("exp-status"), "SUCCEEDED"));
        assertThat(browser.findElement(By.id("exp-counts")).getText())
                .startsWith("3 of 3 finished")
                .contains("3 succeeded");
        assertThat(browser.findElement(By.id("leaderboard")).getText()).contains("rows");
        // no model left by the trainer: nothing served, and no other experiment's model shown
        assertThat(browser.findElement(By.id("exp-status")).getText())
                .contains("left no model to serve");
        assertThat(browser.findElement(By.id("exp-model")).isDisplayed()).isFalse();
        screenshot("9-own-code-done");
    }

    /**
     * The list's search finds the experiment; "Extend" runs two trials more, followed live; "Run
     * again…" fills the form with the budget it ran with; it is deleted.
     */
    void searchCloneAndDelete(String experiment) throws Exception {
        browser.get(base + "/#experiments");
        WebElement search =
                waitUpTo(10)
                        .until(
                                ExpectedConditions.visibilityOfElementLocated(
                                        By.id("experiment-search")));
        search.sendKeys(experiment);
        waitUpTo(10)
                .until(
                        b ->
                                b.findElements(By.cssSelector("#experiment-list tbody tr")).size()
                                                == 1
                                        && b.findElement(By.id("experiment-count"))
                                                .getText()
                                                .equals("1 of 1"));
        browser.findElement(By.cssSelector("#experiment-list tbody a")).click();
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("exp-status"), "SUCCEEDED"));
        setNumber("extend-trials", "2");
        browser.findElement(By.id("exp-extend-go")).click();
        waitUpTo(240)
                .until(
                        b ->
                                b.findElement(By.id("exp-counts"))
                                                .getText()
                                                .startsWith("8 of 8 finished")
                                        && b.findElement(By.id("exp-status"))
                                                .getText()
                                                .startsWith("SUCCEEDED"));
        assertThat(browser.findElements(By.cssSelector("#trials tbody tr"))).hasSize(8);
        screenshot("6-extended");
        browser.findElement(By.id("exp-clone")).click();
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementValue(
                                By.id("space"), "learning_rate = "));
        // the form still holds the first experiment's values until the request fills it
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.id("max-trials"), "value", "8"));
        waitUpTo(10)
                .until(
                        b ->
                                "churn"
                                        .equals(
                                                js(
                                                        "return document.getElementById('label-column').value;")));
        waitUpTo(10)
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("space-feedback"), "learning_rate"));
        // and its two objectives
        assertThat(js("return document.getElementById('second').value;"))
                .isEqualTo("model_size_kb");
        assertThat(js("return document.getElementById('publish-within').value;")).isEqualTo("3");
        screenshot("7-run-again");
        browser.get(base + "/#experiment/" + experiment);
        WebElement delete =
                waitUpTo(10).until(ExpectedConditions.elementToBeClickable(By.id("exp-delete")));
        delete.click();
        browser.switchTo().alert().accept();
        waitUpTo(10).until(ExpectedConditions.urlContains("#experiments"));
        Object status =
                ((JavascriptExecutor) browser)
                        .executeAsyncScript(
                                "fetch('/api/experiments/' + arguments[0]).then(r => arguments[1](r.status));",
                                experiment);
        assertThat(((Number) status).intValue())
                .as("the experiment is gone for its owner")
                .isEqualTo(404);
    }

    /** At a phone's width nothing spills sideways; a screenshot, then back to a laptop's. */
    static void atPhoneWidth(String screenshot) throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat(
                        (Boolean)
                                js(
                                        "return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as(
                        "wider than the phone: %s",
                        js(
                                "return [...document.querySelectorAll('body *')].filter(e =>"
                                        + " e.getBoundingClientRect().right > window.innerWidth + 1)"
                                        + ".slice(0, 8).map(e => e.tagName + '#' + e.id).join(', ');"))
                .isTrue();
        screenshot(screenshot);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    static void setNumber(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }
}
