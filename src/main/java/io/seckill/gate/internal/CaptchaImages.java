package io.seckill.gate.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.gate.GateProperties;

/**
 * Draws a captcha: five characters from an alphabet without look-alikes (no 0/O, 1/I/L), each
 * turned a little, over noise lines. Its job is to cost a bot a moment at the instant the sale opens.
 * Drawing (AWT and PNG encoding) was a seventh of the CPU of a sale, all of it in the opening seconds:
 * pictures are drawn ahead, at a bounded rate, on a thread of their own, and handed out once each; when
 * none is ready one is drawn on the spot. The answer stays a server secret either way.
 */
@Component
class CaptchaImages implements DisposableBean {

    /** A picture and the characters it shows. */
    record Captcha(String answer, byte[] png) {
    }

    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 5;
    private static final int WIDTH = 160;
    private static final int HEIGHT = 56;

    /** A lighter deflate than the writer's default: about the same size for pictures this small, a fifth faster. */
    private static final ImageWriteParam FAST_DEFLATE = fastDeflate();
    /** Share of the machine's CPU in use above which no pictures are drawn ahead. */
    private static final double BUSY_CPU_LOAD = 0.5;
    /**
     * The drawer looks at the machine this often and draws this share of a second's pictures in between: in
     * whole seconds, a round begun in the quiet second before a sale drew through its opening (a quarter
     * of a second of CPU, 6 % of a first sale's).
     */
    private static final int ROUNDS_PER_SECOND = 10;

    private final SecureRandom random = new SecureRandom();
    private final BlockingQueue<Captcha> ahead;
    private final int perRound;
    private final ScheduledExecutorService drawer;
    private volatile Captcha rehearsalPicture;

    @Autowired
    CaptchaImages(GateProperties properties, MeterRegistry meters) {
        this(properties, true);
        meters.gauge("seckill.captcha.ready", ahead, BlockingQueue::size);
    }

    /** {@code inBackground} false: only {@link #drawAhead} calls draw ahead (tests). */
    CaptchaImages(GateProperties properties, boolean inBackground) {
        this.ahead = new ArrayBlockingQueue<>(Math.max(properties.captchasAhead(), 1));
        int perSecond = properties.captchasAhead() > 0 ? properties.captchasAheadPerSecond() : 0;
        // fewer rounds than ROUNDS_PER_SECOND when fewer pictures a second are wanted: never more than the setting
        int rounds = Math.min(ROUNDS_PER_SECOND, perSecond);
        this.perRound = rounds > 0 ? perSecond / rounds : 0;
        this.drawer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("captcha-drawer").daemon().factory());
        if (inBackground && perRound > 0) {
            long period = TimeUnit.SECONDS.toMillis(1) / rounds;
            drawer.scheduleWithFixedDelay(this::drawAheadWhenQuiet, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** The one picture of a node's rehearsals, drawn once: they exercise the path, not the drawing. */
    Captcha rehearsal() {
        var picture = rehearsalPicture;
        if (picture == null) {
            picture = draw();
            rehearsalPicture = picture;
        }
        return picture;
    }

    /** A picture nobody has seen: one drawn ahead if there is one, else drawn now. */
    Captcha next() {
        var ready = ahead.poll();
        return ready != null ? ready : draw();
    }

    /**
     * The background round: none while the machine is busy, since refilling the stock during a sale or
     * its flood would take the CPU from the requests the pictures are drawn ahead to spare.
     */
    private void drawAheadWhenQuiet() {
        if (!machineBusy()) {
            drawAhead();
        }
    }

    /**
     * Draws up to a round's worth of pictures into the stock, fewer if it is (nearly) full, and stops as soon
     * as one is handed out meanwhile: buyers are asking, perhaps a sale has opened, and the round was begun
     * when the machine was quiet (a round of 50 took 0.2 s of a core on a slow day, 2 % of a sale's CPU).
     */
    void drawAhead() {
        try {
            int expected = ahead.size();
            for (int i = 0; i < perRound && ahead.remainingCapacity() > 0 && ahead.size() >= expected; i++) {
                if (ahead.offer(draw())) {
                    expected++;
                }
            }
        } catch (RuntimeException e) {
            // drawing on the spot still works; the next round tries again
        }
    }

    private static boolean machineBusy() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getCpuLoad() > BUSY_CPU_LOAD;
    }

    int ready() {
        return ahead.size();
    }

    private Captcha draw() {
        var answer = newAnswer();
        return new Captcha(answer, render(answer));
    }

    private static ImageWriteParam fastDeflate() {
        var param = ImageIO.getImageWritersByFormatName("png").next().getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        return param;
    }

    @Override
    public void destroy() {
        drawer.shutdownNow();
    }

    String newAnswer() {
        var answer = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            answer.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return answer.toString();
    }

    byte[] render(String answer) {
        // Grey, not colour: a third of the pixels to filter and deflate, and as hard to read for a bot.
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(245, 245, 240));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
            for (int i = 0; i < answer.length(); i++) {
                var saved = g.getTransform();
                g.translate(14 + i * 28, 40);
                g.rotate((random.nextDouble() - 0.5) * 0.6);
                g.setColor(new Color(random.nextInt(120), random.nextInt(120), random.nextInt(120)));
                g.drawString(String.valueOf(answer.charAt(i)), 0, 0);
                g.setTransform(saved);
            }
            g.setStroke(new BasicStroke(1.5f));
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(random.nextInt(200), random.nextInt(200), random.nextInt(200)));
                g.drawLine(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT));
            }
        } finally {
            g.dispose();
        }
        var png = new ByteArrayOutputStream(4096);
        var writer = ImageIO.getImageWritersByFormatName("png").next();
        // In memory: ImageIO's own stream for a byte array buffers through a temporary file, a third dearer.
        try (var out = new MemoryCacheImageOutputStream(png)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), FAST_DEFLATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return png.toByteArray();
    }
}
