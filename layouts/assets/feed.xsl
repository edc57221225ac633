<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS or Atom feed of Parley as a readable page when a person opens it in a browser.
     Feed readers ignore it. Links are made relative to the feed, from the path in the feed's own
     xml-stylesheet instruction, so the page works on any host and under any sub-path. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>
  <xsl:variable name="instruction" select="/processing-instruction('xml-stylesheet')"/>
  <xsl:variable name="root" select="substring-before(substring-after($instruction, 'href=&quot;'), 'assets/feed.xsl')"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="self" select="(/rss/channel/atom:link[@rel='self'] | /atom:feed/atom:link[@rel='self'])/@href"/>
  <xsl:variable name="page" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate' and @type='text/html']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="{$root}assets/style.css"/>
        <link rel="icon" href="{$root}assets/favicon.svg" type="image/svg+xml"/>
      </head>
      <body>
        <main id="main" class="wrap">
          <p class="feed-notice">This is a <strong>feed</strong>: copy its address into a feed reader to follow new briefings.
            <code class="feed-url"><xsl:value-of select="$self"/></code>
            <a href="{$root}subscribe/">How to subscribe</a></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="lede"><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
          <p><a href="{$page}">Read it on the website</a></p>
          <ol class="entry-list">
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li class="entry-card">
      <h2 class="entry-title"><a href="{link}"><xsl:value-of select="title"/></a></h2>
      <p class="meta"><xsl:value-of select="pubDate"/></p>
      <!-- The description is plain text escaped as HTML: shown as text, never as markup. -->
      <p class="summary"><xsl:value-of select="description"/></p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="entry-card">
      <h2 class="entry-title"><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <p class="meta"><xsl:value-of select="substring(atom:published, 1, 10)"/></p>
      <p class="summary"><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
