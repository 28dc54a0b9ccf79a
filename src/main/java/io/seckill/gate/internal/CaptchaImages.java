package io.seckill.gate.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

import javax.imageio.ImageIO;

import org.springframework.stereotype.Component;

/**
 * Draws a captcha: five characters from an alphabet without look-alikes (no 0/O, 1/I/L), each
 * turned a little, over noise lines. Its job is to cost a bot a moment at the instant the sale opens.
 */
@Component
class CaptchaImages {

    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 5;
    private static final int WIDTH = 160;
    private static final int HEIGHT = 56;

    private final SecureRandom random = new SecureRandom();

    String newAnswer() {
        var answer = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            answer.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return answer.toString();
    }

    byte[] render(String answer) {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
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
        var png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
