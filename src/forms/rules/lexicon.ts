/**
 * The multilingual word lists of the classifier, as an ordered list of patterns. Text is matched after
 * `norm()` (lowercase, no diacritics, ß -> ss), identifiers after `identWords()` (camelCase and
 * snake_case split into words), so every pattern is written in that form.
 *
 * Order matters: for one piece of text the first entry that matches decides (see classify.design.md).
 * Specific phrases come before the general words they contain: "email or username" before "email",
 * "company name" and "user name" before "name", "e-mail address" before "address", "name on card"
 * before "name", "credit card expiration month" before "credit card".
 *
 * Languages: English, German, French, Spanish, Italian, Dutch, Portuguese and basic Japanese, with the
 * most common Russian, Polish, Nordic and Hungarian words where they cost nothing.
 */
import type { Role } from '../types';

// Cyrillic words are written as `norm()` leaves them: NFKD takes the breve off й and the diaeresis
// off ё, so "Найти" is matched as "наити" and "сайт" as "саит".

/**
 * What a pattern says: a role, or one of the markers the classifier resolves with the rest of the form:
 *  - `given-or-name`: "Nombre", "Nome", "Имя": the given name when the form also asks for the family
 *    name, else the full name.
 *  - `family-or-name`: "Nom", "Name" (German, Dutch, Danish forms that also ask for a first name).
 *  - `skip`: known not to be personal data the profile holds (IBAN, quantity, booking dates ...):
 *    stops the search with no role.
 */
export type Verdict = Role | 'given-or-name' | 'family-or-name' | 'skip';

export interface Pattern {
  verdict: Verdict;
  /** Label-like text: label, aria-label, placeholder, title, nearby text. */
  text?: RegExp;
  /** The whole label reduced by `core()` (filler removed); for words that only count on their own. */
  exact?: RegExp;
  /** Attribute words: name, id, framework hints. */
  ident?: RegExp;
  /** Only count `text` matches in texts up to this long (a word in a sentence is not a label). */
  maxLen?: number;
  /** A vague word: its matches weigh less than a specific word from another source. */
  weak?: boolean;
}

export const PATTERNS: Pattern[] = [
  // --- never-fill: bots, captchas ------------------------------------------------------------------
  {
    verdict: 'honeypot',
    text: /leave (this|it)?( field)? ?(blank|empty)|(should|must) be empty|keep (this )?(field )?empty|(should|must) be (left )?(blank|empty)|(do not|don'?t) (fill|change|enter|type|touch)|if you are (a )?human|humans? (should|must)|nicht ausfullen|leer lassen|frei lassen|ne (pas )?remplir|laisse[rz]? (ce champ )?vide|no (rellenar|completar|llenar)|dejar (en blanco|vacio)|non (compilare|riempire)|lasciare vuoto|niet invullen|leeg laten|nao preencher|deixe em branco|оставьте (это поле )?пустым|не заполн/,
    ident:
      /honey ?pot|\bhoney\b|\bhp\b|hpot|\bak hp\b|bot ?(trap|check|field|catcher)|spam ?trap|\btrap\b|^fake|\bfake|leave ?(blank|empty)|\bnobots?\b|\bgotcha\b|\babuse\b|\bemail ?confirm ?hp\b/,
  },
  {
    verdict: 'captcha',
    // (captcha and bot-check phrasing as sites commonly write it: "anti-spam", "Sicherheitsabfrage")
    text: /captcha|security check|human verification|verify (that )?you('| a)re human|are you (a )?(human|robot)|not a robot|(enter|type|copy|retype)( in)? the (characters|letters|text|code|word|numbers?|symbols)( (that )?(you see|are shown|shown|displayed|above|below|in the (image|picture)))?|characters (you see|shown|in the (image|picture))|(text|code|letters|numbers) (in|from|on) the (image|picture)|verification image|image verification|visual confirmation|anti-?spam|spam ?(schutz|protection|check|frage)|sicherheits(abfrage|frage|uberprufung)|grafische sicherheit|(recopie[rz]?|saisi(r|ssez)) (le|les) (code|caracteres)|caracteres (de l'image|affiches)|codigo de la imagen|texto de la imagen|codice (di controllo|captcha|antispam)|controllo antispam|codigo da imagem|画像認証|画像の文字|表示されている文字|проверочныи код|код (с|на) картинк|(изображенн|указанн)\S* на (рисунке|картинке|изображении)|введите (код|символы|число|текст) с|what is \d+ ?(\+|plus|x|\*|-|minus|times) ?\d+|\d+ ?[+x*-] ?\d+ ?=|\d+ ?[+x*-] ?= ?\d+|how much is \d|was ergibt|wieviel ist \d|combien (fait|font) \d|cuanto es \d|quanto fa \d|hoeveel is \d|wie viel ist/,
    ident:
      /captcha|cptch|human ?verif|humanverify|\bverif(y|ication)? ?(image|img|word)\b|anti ?spam|spam ?(check|protect|question)|\bchallenge\b|\bturing\b|security ?(image|img)/,
  },

  // --- the login identifier: "email or username" and friends (DDG and the spec call it username) --
  {
    verdict: 'username',
    text: /(e-?mail|phone|mobile|telefon)( address| number)?( ?, ?| or | ?\/ ?| oder | ou | o | of | или )(user ?(name|id)|login|nick ?name|handle|account|member|profile|player|customer|benutzer|identifiant|usuario|utente|gebruiker|логин|ユーザー)|(user ?(name|id)|login|nick ?name|handle|account( (name|number|id))?|member ?(id|number|no)|customer ?(id|number|no)|benutzername|identifiant|usuario|nome utente|gebruikersnaam|логин|ユーザー ?(名|id))( ?, ?| or | ?\/ ?| oder | ou | o | of | или )(e-?mail|phone|mobile|telefon|почт|メール)|e-?mail( address)?( or | ?\/ ?| oder | ou | o | of | или )(phone|mobile|tel|cell)|(phone|mobile)( number)?( ?, ?| or | ?\/ ?)(e-?mail|user)|(e-?mail|почт\S*)\s*[(（]?\s*(он же |also )?(логин|login)|^(your )?(user ?(name|id)|login( name| id)?|benutzername|nom d'utilisateur|nombre de usuario)( or | ?\/ ?| oder | ou | o )|\bnumber( or | ?\/ ?)e-?mail/,
    ident: /(e ?mail|phone)( ?or ?| ?)(user ?name|login|nick ?name|handle)\b|(user ?name|login|nick)( ?or ?| ?)e ?mail\b/,
  },

  // --- never-fill: money off, referral codes ------------------------------------------------------
  {
    verdict: 'coupon',
    maxLen: 48,
    text: /coupon(?!s)|promo(tion(al)?)? ?code|\bpromo\b|voucher(?!s)|gift ?(card|certificate|code|voucher)|discount(?!s)|redeem|rabatt|gutschein|aktionscode|code (promo|de reduction|avantage|cadeau|de parrainage)|bon de reduction|carte cadeau|cupon|codigo (de )?(descuento|promocion(al)?|regalo)|tarjeta regalo|codice (sconto|promozionale|coupon|regalo)|buono|kortingscode|kortingsbon|cadeaubon|actiecode|cupom|vale[- ]presente|クーポン|割引|промокод|купон|referr?al|referred by|referrer|empfohlen von|geworben von|parrain|invitation code|invite code|corporate code|code employe/,
    ident:
      /coupon|promo|voucher|gift ?card|gift ?cert|discount|rabatt|gutschein|cupon|cupom|sconto|korting|referr|referal|invite ?code|invitation ?code|redeem|claim ?code|\bvoucher\b/,
  },

  // --- payment cards (classified so they are never filled from the profile) --------------------
  {
    verdict: 'cc-csc',
    text: /\bcvv ?2?\b|\bcvc ?2?\b|\bcsc\b|\bcvn\b|\bcid\b|card ?(security|verification) (code|number|value)|card code|security code|sicherheitscode|validation code|verification (code|number|value)|confirmation code|code de securite|codigo de seguridad|codice di sicurezza|beveiligingscode|codigo de seguranca|kartenprufnummer|prufnummer|cryptogramme|code (de )?securite (de la )?carte|codigo de seguridad de la tarjeta|codice di sicurezza della carta|kaartcode|セキュリティ ?コード/,
    ident:
      /\bcvv|\bcvc|\bcsc\b|\bcvn\b|\bcid\b|card ?(security|verification|check) ?(code|value|number)|card ?code|security ?code|\bv ?code\b|verification ?code|confirmation ?code|\bccv\b|\bcc ?code\b|security ?code ?cc|\bcv ?2\b/,
  },
  {
    verdict: 'cc-exp',
    text: /expir|exp\.? ?date|\bexp\b|valid (thru|through|until|to)|good thru|gultig bis|ablaufdatum|verfall|date d'expiration|date de validite|date d'echeance|fecha de (caducidad|vencimiento|expiracion)|caducidad|vencimiento|scadenza|vervaldatum|geldig tot|validade|data de validade|有効期限|срок деиствия|(?<!(dd|tt|jj|gg) ?[/.-] ?)mm ?\/ ?(yy|aa|jj)\b|(?<!(dd|tt|jj|gg) ?[/.-] ?)mm ?\/ ?yyyy/,
    ident:
      /\bexp(iry|iration|ire)?( ?date| ?month| ?year| ?mo| ?yr| ?mm| ?yy| ?m| ?y)?\b|\bexpir|valid ?thru|\bcc ?exp|card ?exp|ablauf|scadenza|vencimiento|caducidad|\bexp ?date\b/,
  },
  {
    verdict: 'cc-name',
    text: /name (on|of) (the )?(credit |debit )?card|(as it )?appears on (the |your )?card|card ?holder|card ?owner|holder('s)? name|karteninhaber|name des inhabers|titulaire|nom (sur|figurant sur) la carte|titular|nombre (en|del titular de) la tarjeta|intestatario|titolare della carta|nome sulla carta|kaarthouder|naam op (de )?kaart|nome (no|do titular do) cartao|nome impresso|カード名義|名義人|владелец карты|имя (на|владельца) карт/,
    ident: /card ?holder|cardholder|\bcc ?name\b|\bcard ?name\b|name ?on ?card|holder ?name|\bcc ?owner\b|card ?owner/,
  },
  {
    verdict: 'cc-type',
    text: /card ?type|type of (credit )?card|card brand|kartentyp|kartenart|type de carte|tipo de tarjeta|tipo di carta|tipo de cartao|soort kaart|カードの種類|カード種類|тип карты/,
    ident: /card ?type|\bcc ?type|card ?brand|\bcc ?brand/,
  },
  {
    verdict: 'cc-number',
    text: /card ?number|card ?no\b|card ?#|credit ?card|debit ?card|kreditkarte|kartennummer|numero de (la )?carte|n(o|°|º) de carte|numero (de|della) (la )?(tarjeta|carta)|numero (do )?cartao|kaartnummer|カード番号|номер (банковскои )?карты|ccnum/,
    ident:
      /card ?number|card ?num|card ?no\b|\bccnum|\bcc ?(number|num|no)\b|credit ?card(?! ?(type|exp|cvv|cvc|code|holder|name|month|year))|\bpan\b|kartennummer|cardno|\bcc\b$/,
  },

  // --- one-time codes ------------------------------------------------------------------------------
  {
    verdict: 'one-time-code',
    // a label, not a sentence: "Use two-factor authentication (2FA) to protect your account" above a
    // country box says nothing about the box
    maxLen: 48,
    text: /one[- ]?time (pass ?)?(code|password|pin)|\botp\b|\bmfa\b|\b2fa\b|two[- ]factor|two[- ]step|authenticat(ion|or) code|pin ?code|sms[- ]?code|einmal(passwort|code|kennwort)|code a usage unique|codigo de un solo uso|ワンタイム|одноразов/,
    ident: /\botp\b|\bmfa\b|\b2fa\b|one ?time ?(code|pass)|totp|pin ?code|sms ?code|auth ?code/,
  },

  {
    verdict: 'postal-code',
    text: /(post ?code|zip( ?code)?|postal code|postleitzahl|code postal|codigo postal) ?(search|lookup|finder|suche|recherche)/,
  },

  // --- never-fill: site search ---------------------------------------------------------------------
  {
    verdict: 'search',
    text: /^search|\bsearch\b|\bsuche\b|\bsuchen\b|suchbegriff|recherche|rechercher|buscar|busqueda|\bbusca\b|^cerca\b|ricerca|\bzoek|pesquis|procurar|検索|поиск|наити|szukaj|kereses|what are you looking for|wonach suchen|que cherchez|que estas buscando|cosa stai cercando|waar ben je naar op zoek|keywords?|stichwort|mots?[- ]cles?|palabras? clave|parole chiave|trefwoord|palavras?[- ]chave|キーワード/,
    ident:
      /^(q|s|k|w|kw|query|keywords?|term|terms|searchterm|search ?string|suche|recherche|buscar|busca|ricerca|zoek|zoeken|pesquisa|field keywords|search ?text|search ?query|search ?input|search ?box|site ?search|sq)$|\bsearch|\bsuche\b|\bkeywords?\b/,
  },

  // --- passwords (new vs current is decided with the form) ---------------------------------------
  {
    verdict: 'skip',
    // secrets that are not the account password: security answers, SSN / tax ids, card PINs
    text: /\banswer\b|antwort|reponse|respuesta|risposta|antwoord|resposta|social security|\bssn\b|\btin\b|\bsin\b|tax ?id|steuer-?id|digit \d+ of|\d+(st|nd|rd|th) digit|secret question|security question|password (hint|reminder)|emlekezteto|display name|openid|フリガナ|ふりがな|カナ|(?<![ァ-ヿ])(セイ|メイ)(?![ァ-ヿ])|furigana|phonetic|sicherheitsfrage|question secrete|pregunta (secreta|de seguridad)|domanda (segreta|di sicurezza)|beveiligingsvraag|pergunta (secreta|de seguranca)/,
    ident:
      /\banswer|openid|furigana|\bkana\b|pass(word)? ?(hint|rem|reminder)\b|\bplain ?text\b|\bhint\b|display ?name|\bssn\b|\btin ?\d*$|\bsin\b|social ?sec|secret ?(question|answer)|security ?(question|answer)|digit/,
  },
  {
    verdict: 'current-password',
    text: /password|passwort|kennwort|mot de passe|contrasena|\bclave\b|wachtwoord|senha|palavra[- ]passe|パスワード|пароль|haslo|jelszo|sifre|heslo|adgangskode|losenord|passphrase|passcode|\bpwd?\b/,
    ident:
      /pass ?word|passwd|\bpwd?\b|\bpass\b|kennwort|passwort|contrasena|\bclave\b|wachtwoord|senha|\bpw\b|parol|passphrase|\bpasswort\b|\bsecret\b/,
  },

  // --- contact -------------------------------------------------------------------------------------
  {
    verdict: 'email',
    // ("Mailadresse", "mailadres": the German and Dutch compound for an e-mail address)
    text: /e-?mail|courriel|correo|\bmail\b|\bmail ?adres|posta elettronica|e-?post|sahkoposti|メール|電子郵件|邮箱|邮件|(?<![а-яе])почта(?![а-яе])|электронн\S* почт|эл\.? ?почт|емеил|имеил|email/,
    ident: /e ?mail|courriel|correo|\bmail\b|mail ?addr|\bmail ?address\b|newsletter|\bsubscribe\b|\bsubscriber\b/,
  },
  {
    verdict: 'x-fax',
    text: /\bfax\b|telefax|telecopie|\bfaks\b|ファックス|ファクス|факс/,
    ident: /\bfax\b|telefax|facsimile/,
  },
  {
    verdict: 'tel-country-code',
    text: /country (dialing |calling |phone )?code|dial(l?ing)? code|calling code|landesvorwahl|indicatif( pays| international)?|prefijo (internacional|del pais|pais|telefonico)|prefisso (internazionale|del paese|telefonico internazionale)|landcode|codigo (do |de )?pais|国番号|код страны/,
    ident: /country ?(dial|calling|phone) ?code|dial ?code|calling ?code|phone ?country|tel ?country|\bisd\b|country ?code/,
  },
  {
    verdict: 'tel-area-code',
    text: /(?<!(with|incl\.?|including|inkl\.?|avec|con|com|met) )area code|ortsvorwahl|\bvorwahl\b|prefixe (regional|local)|codigo de area|\bddd\b|prefisso|netnummer|市外局番/,
    ident: /area ?code|areacode|\bvorwahl\b|\bddd\b|phone.*\barea\b|\barea\b.*phone/,
  },
  {
    verdict: 'tel-local-prefix',
    ident: /phone ?(number )?prefix|\bph ?prefix\b|\bexchange\b/,
  },
  {
    verdict: 'tel-local-suffix',
    ident: /phone ?(number )?suffix|\bph ?suffix\b|\bline ?number\b/,
  },
  {
    verdict: 'tel-extension',
    text: /\bext\b|extension|durchwahl|\bposte\b|interno|toestel|ramal|内線/,
    ident: /\bext\b|extension|durchwahl/,
  },
  {
    verdict: 'tel',
    text: /phone|telephone|\btel\b|\btel\.|telefon|telefoon|telefono|telemovel|\bcell|mobile|\bmobil|\bmobiel|\bmovil\b|\bhandy|puhelin|\bportable\b|\bgsm\b|celular|\bfone\b|\bfon\b|contact (number|no)|電話|携帯|ＴＥＬ|телефон|(?<![а-яе])тел(?![а-яе])|мобильн|\btelp\b|\bnumber to call\b|whatsapp|\bsms\b/,
    ident:
      /phone|\btel\b|telephone|telefon|telefono|mobile|\bmobil\b|\bcell\b|\bhandy\b|\bgsm\b|celular|\bfon\b|msisdn|\bmob\b|\bph\b|contact ?number|\btelno\b|\bfone\b/,
  },

  // --- names ---------------------------------------------------------------------------------------
  {
    verdict: 'name',
    // full-name phrases (they contain "first" and "last", so they come before those)
    // ("Last name, first name" in one box, "Name (first and last)", "Nome e sobrenome": the whole name)
    text: /full ?name|complete name|first (and|&) last name|last name,? first name|name,? ?\(?first (and|&) last|nome e sobrenome|first (and|&) surname|name (and|&) (surname|last name)|vor- ?(und|&) ?(nach|zu)name|vollstandiger name|ganzer name|nom (complet|et prenom)|prenom (et|&) nom|nombre (completo|y apellidos?)|nombres? y apellidos?|nome (completo|e cognome)|volledige naam|voor- en achternaam|voornaam en achternaam|fornavn og efternavn|fullt namn|imie i nazwisko|ф\.? ?и\.? ?о\.?\b|фамилия,? имя|имя,? фамилия|氏名|お名前(?![(（]?\s*[姓名せい])/,
    ident: /full ?name|fullname|\bfio\b|complete ?name|\bname ?full\b/,
  },
  {
    verdict: 'additional-name',
    text: /middle ?name|middle initial|second (given|first) name|zweiter vorname|weitere vornamen|deuxieme prenom|autres prenoms|segundo nombre|secondo nome|tussenvoegsel|nome do meio|отчество/,
    exact: /^(m\.? ?i\.?|middle|initial)$/,
    ident: /middle ?name|\bmname\b|middle ?initial|\bmiddle\b|patronymic|otchestvo|second ?name/,
  },
  {
    verdict: 'given-name',
    text: /first ?name|given ?name|fore ?name|christian name|vorname|prenom|primer nombre|nombre de pila|nome proprio|primeiro nome|voornaam|roepnaam|fornavn|fornamn|etunimi|keresztnev|utonev|\bimie\b|お名前\s*[(（]\s*名|^名(?![前字])|\(名\)|（名）|\bfirst\b/,
    ident:
      /first ?name|\bfname\b|\bf ?name\b|given ?name|forename|vorname|prenom|\bfirst\b|firstname|\bfn\b|voornaam|primeiro ?nome|\bimie\b|\bname ?first\b|\bgiven\b/,
  },
  {
    verdict: 'family-name',
    // Ordinary words for the surname in each language ("Nachname", "Priezvisko", "Příjmení"), not any one site's.
    text: /last ?name|sur ?name|family ?name|\blast\b|nachname|familienname|zuname|nom de famille|apellidos?|cognome|sobrenome|achternaam|familienaam|efternavn|efternamn|sukunimi|vezeteknev|csaladi nev|nazwisko|фамилия|お名前\s*[(（]\s*姓|^姓|\(姓\)|（姓）|prijmeni|priezvisko|soyad/,
    ident:
      /last ?name|\blname\b|\bl ?name\b|sur ?name|family ?name|nachname|apellido|cognome|sobrenome|achternaam|lastname|\bln\b|\blast\b|familienname|nazwisko|familiya|\bname ?last\b|\bfamily\b/,
  },

  // --- account identifiers -------------------------------------------------------------------------
  {
    verdict: 'username',
    // Ordinary words for a log-in name and account or customer numbers ("Kundennummer" is German for customer number).
    text: /user ?name|\buser\b|user ?id|login ?(name|id)?|log-?in name|sign[- ]?in (name|id)|account (name|id)|member(ship)? (id|number|no\.?)|customer (id|number|no\.?)|client (id|number|no\.?)|screen ?name|\bhandle\b|benutzer(name|kennung)?|anmeldename|kundennummer|nom d'utilisateur|identifiant|nom de compte|usuario|nombre de usuario|nome utente|\butente\b|gebruikersnaam|nome de usuario|utilizador|ユーザー ?(名|id)|ログイン ?id|ログイン名|логин|имя пользователя|пользовател|uzytkownik|felhasznalo|kullanici|brugernavn|anvandarnamn|brukernavn|kayttajatunnus|gebruikers?naam|\bnet ?id\b|player name|profile name/,
    ident:
      /user ?name|username|user ?id|userid|^((txt|tb|inp|input|fld|field|text) )?(user|usr|benutzer|utente|usuario|utilisateur)( \d+)?$|\buser ?login\b|\blogin\b|log ?in ?(name|id)?|\buid\b|\bacct\b|account ?(name|id)|member ?id|benutzer|usuario|utente|identifiant|\bidentity\b|\bhandle\b|screen ?name|\blogin ?id\b/,
  },
  {
    verdict: 'nickname',
    text: /nick ?name|public name|spitzname|surnom|\bapodo\b|soprannome|bijnaam|ニックネーム|никнеим|\bpseudo(nym)?\b/,
    ident: /nick ?name|\bnick\b|\bpseudo\b/,
  },

  // --- organisation --------------------------------------------------------------------------------
  {
    verdict: 'organization-title',
    text: /job ?title|position title|berufsbezeichnung|titre du poste|puesto de trabajo|qualifica|\bfunctie\b|役職|должность/,
    ident: /job ?title|\bjobtitle\b|position ?title/,
  },
  {
    verdict: 'organization',
    // ("Company address", "Organization website", "Company size": another field of the company's)
    // "azienda", "empresa", "Firma", "bedrijf": the everyday word for a company in each language.
    text: /(company|organi[sz]ation)(?! ?(address|street|city|town|zip|postal|post ?code|country|state|website|web ?site|url|size|type|industry|sector|logo|description))|business name|name of (your )?(business|organi[sz]ation)|employer|institution|\bfirma\b|firmenname|unternehmen|arbeitgeber|societe|entreprise|raison sociale|organisme|empresa|compania|razon social|azienda|societa|ditta|ragione sociale|bedrijf|organisatie|instelling|werkgever|instituicao|会社|企業名|団体名|法人名|所属|компания|организаци|место работы|\bfirmy\b|cegnev|sirket/,
    ident:
      /company|organi[sz]ation|\borg\b|business ?name|employer|\bfirma\b|firmen|societe|empresa|azienda|bedrijf|\bcorp\b|institution|\bcompany ?name\b/,
  },

  // --- address -------------------------------------------------------------------------------------
  {
    verdict: 'x-po-box',
    text: /p\.? ?o\.? ?box|post(al)? ?box|postfach|boite postale|apartado( de correos| postal)|casella postale|postbus|caixa postal|私書箱|абонентскии ящик/,
    ident: /\bpo ?box\b|pobox|post ?box|postfach|\bbox\b/,
  },
  {
    // street and house number in one field ("Straße und Hausnummer", "Numéro et rue", "Calle y número"):
    // the whole first line, so it must come before the house-number words it contains
    verdict: 'address-line1',
    text: /(strasse|\bstr\.?|street|\brue|\bvoie|\bcalle|\bvia|straat|\brua|\bindirizzo|\bdireccion|\baddress|\badresse)( (address|name))? ?(und|u\.|and|\+|&|\/|,|et|y|e|en|-) ?(haus-? ?(nummer|nr\.?)|hausnr\.?|house ?(number|no\.?|nr\.?)|huis ?(nummer|nr\.?)|nummer|nr\.?|number|no\.?|n°|n\.?|numero( civico)?|num\.?|civico)(?![a-z])|(strasse|\bstr\.?|straat) ?(haus-? ?(nummer|nr\.?)|hausnr\.?|huis ?(nummer|nr\.?)|nr\.?)(?![a-z])|(haus ?nummer|hausnr\.?|house ?number|huis ?nummer|numero|n°|\bn\.?|\bno\.?|\bnr\.?|number) ?(und|u\.|and|\+|&|\/|,|et|y|e|en) ?(strasse|street|rue|voie|calle|via|straat|rua|nom de (la )?(rue|voie)|libelle de (la )?voie|nome da rua)/,
    ident:
      /\b(street|strasse|straat|calle|rua|rue|via) ?(and|und|en|y|e|et|u) ?(house ?|haus ?|huis ?)?(number|nummer|nr|no|numero|num)\b|\b(number|numero|nummer) ?(and|und|en|y|e|et) ?(street|strasse|straat|calle|rua|rue|via)\b/,
  },
  {
    verdict: 'x-house-number',
    text: /house ?(number|no\.?|nr\.?|#)|street ?(number|no\.?|nr\.?|#)|building number|hausnummer|hausnr|haus-?nr|numero (de (rue|maison|voie|la rue)|civique)|numero civico|n\. civico|\bcivico\b|huisnummer|huisnr|numero da (casa|porta)|numero de (casa|la calle|puerta)|номер дома/,
    exact: /^(nr|no|n|n°|#|hausnummer|hausnr|hnr|huisnummer|huisnr|numero|numero civico|civico|house no)$/,
    ident:
      /house ?(number|no|nr|num)|street ?(number|no|nr|num)|hausnummer|hausnr|housenumber|civic ?number|huisnummer|numero ?civico|\bhnr\b|\bhouse ?no\b|\bstreet ?num|\bbuilding ?number/,
  },
  {
    verdict: 'skip',
    // a third address line has no profile value; the IP address is not a street
    text: /address (line )?(3|three|iii)\b|\bline (3|three)\b|\bip address|\bip-adresse|mac address/,
    ident: /address ?(line )?3\b|\baddr ?3\b|\bline ?3\b|street ?3\b|\bip ?(address)?$/,
  },
  {
    verdict: 'address-line2',
    text: /address (line )?(2|two|ii)\b|\bline (2|two)\b|adress(e|zeile) ?2|street ?(address )?(2|two|line 2)|address (continued|complement|supplement|cont\.?)|additional address|address addition|\bapt\b|\bapartment\b|\bsuite\b|\bunit\b|\bbuilding\b|\bfloor\b|\bflat\b|\bc\/o\b|care of|adresszusatz|zusatzinformation|\bzusatz\b|\bwohnung\b|stockwerk|complement d'adresse|complement|\bbatiment\b|\bappartement\b|\betage\b|\bescalier\b|lieu-dit|\bpiso\b|\bpuerta\b|departamento|\bdepto\b|\bbloque\b|escalera|\binterno\b|\bscala\b|toevoeging|complemento|\bandar\b|\bbloco\b|建物|マンション|部屋番号|квартира|(?<![а-яе])корпус(?![а-яе])|(?<![а-яе])офис(?![а-яе])/,
    ident:
      /address ?(line )?(2|two)\b|\baddr ?(line )?2\b|\bline ?2\b|street ?(address )?2\b|address ?two|\bapt\b|apartment|\bsuite\b|\bunit\b|\bbuilding\b|\bflat\b|\bfloor\b|adresszusatz|\bzusatz\b|complement|complemento|\bdepto\b|second ?line|\bsuburb\b|\baddress ?2\b|\bstreet ?2\b/,
  },
  {
    verdict: 'url',
    text: /website|web ?site|home ?page|\burl\b|web address|site web|site internet|pagina web|sitio web|\bsito\b|webseite|internetseite|internetadresse|webadres|ホームページ|(?<![а-яе])саит(?![а-яе])|weboldal|youtube|\bblog\b/,
    ident: /website|web ?site|homepage|\burl\b|\bweb\b|\bsite\b|\bblog\b|\bhome ?page\b|\bweb ?address\b/,
  },
  {
    verdict: 'postal-code',
    text: /\bzip\b|zip ?code|postal ?code|post ?code|postcode|eircode|postinumero|postleitzahl|\bplz\b|code postal|\bcp\b|codigo postal|\bcap\b|codice postale|\bcep\b|postnummer|\bpostnr\b|郵便番号|〒|почтовыи индекс|(?<![а-яе])индекс(?![а-яе])|kod pocztowy|iranyitoszam|posta kodu|\bpsc\b/,
    ident:
      /\bzip|postal|post ?code|postcode|\bplz\b|\bcp\b|\bcap\b|\bcep\b|postleitzahl|codigo ?postal|code ?postal|\bpostnr\b|\bpostcode\b|\bpost ?nummer\b/,
  },
  {
    verdict: 'address-level2',
    text: /\bcity\b|\bgemeente\b|\bkaupunki\b|postitoimipaikka|\btown\b|\bsuburb\b|\blocality\b|\bort\b|\bstadt\b|\bwohnort\b|\bgemeinde\b|\bville\b|\bcommune\b|\blocalite\b|\bciudad\b|\blocalidad\b|\bpoblacion\b|\bmunicipio\b|\bcitta\b|\bcomune\b|\blocalita\b|\bcidade\b|\blocalidade\b|\bconcelho\b|\bplaats\b|\bwoonplaats\b|\bstad\b|\bpostort\b|市区町村|市町村|(?<![а-яе])город(?![а-яе])|населенныи пункт|\bmiasto\b|\bmesto\b|miejscowosc|\bvaros\b|telepules|\bsehir\b/,
    ident:
      /\bcity\b|\btown\b|\bort\b|\bstadt\b|\bville\b|\bciudad\b|\blocalidad\b|\bcitta\b|\bcomune\b|\bcidade\b|\bplaats\b|woonplaats|locality|municipality|\bgorod\b|\bmesto\b|\bmiasto\b|\bcity ?name\b/,
  },
  {
    verdict: 'country',
    text: /\bcountry\b|countries|\bland\b|\bstaat\b|\bpays\b|\bpais\b|\bnazione\b|\bpaese\b|\bnation\b|\bpaís\b|国(?!番号|籍)|(?<![а-яе])страна(?![а-яе])|\bkraj\b|krajina|orszag|\bulke\b/,
    ident: /country|\bland\b|\bpays\b|\bpais\b|nazione|\bctry\b|\bkraj|krajina|\bnation\b/,
  },
  {
    verdict: 'address-level1',
    text: /\bstate\b|\bprovince\b|\bprovincia\b|\bregion\b|\bcounty\b|\bterritory\b|prefecture|bundesland|\bkanton\b|\betat\b|\bdepartement\b|comunidad autonoma|\bestado\b|\bdistrito\b|\bregione\b|\bprovincie\b|都道府県|(?<![а-яе])область(?![а-яе])|(?<![а-яе])регион(?![а-яе])|(?<![а-яе])краи(?![а-яе])|wojewodztwo|\bmegye\b/,
    ident:
      /\bstate\b|province|\bregion\b|\bcounty\b|\bprov\b|bundesland|departement|provincia|regione|\bestado\b|prefecture|\bstate ?(code|id|province)\b|\bstates?\b/,
  },
  {
    // "Address" alone ("Confirm your address") may be the street or the email address, and a list of
    // "addresses" is never one street: weak, so an id saying email ("reenter_email") decides. The
    // plurals are the ordinary words of each language (adresses fr, Adressen de, direcciones es,
    // indirizzi it, endereços pt), not any one site's.
    verdict: 'address-line1',
    weak: true,
    text: /\b(addresses|adresses|adressen|direcciones|indirizzi|enderecos)\b/,
    exact: /^((confirm|re-?enter|repeat|verify|enter|confirm your|re-?enter your|repeat your|verify your) )?address$/,
  },
  {
    verdict: 'address-line1',
    // The everyday word for an address or street in each language: "adres" is Dutch and Turkish,
    // "katuosoite"/"lähiosoite" Finnish, "anschrift" German.
    text: /address|adress|adresse|\badres\b|anschrift|katuosoite|lahiosoite|strasse|\bstr\b|\bstreet\b|\brue\b|\bvoie\b|direccion|domicilio|\bcalle\b|indirizzo|\bvia\b|endereco|morada|logradouro|\brua\b|\bstraat\b|住所|番地|丁目|(?<![а-яе])адрес|(?<![а-яе])улица(?![а-яе])|\bulica\b|\butca\b|\bcim\b/,
    ident:
      /street|address|\baddr\b|adresse|anschrift|strasse|direccion|\bcalle\b|indirizzo|endereco|morada|logradouro|straat|\bline ?1\b|\baddress ?1\b|\baddr ?1\b|\bline\b|\bstr\b|\bfirst ?line\b/,
  },
  {
    // "Location" may be a street, a town or a country: it names the field only when nothing more
    // specific does (an id saying country or city outweighs it)
    verdict: 'address-line1',
    weak: true,
    text: /\blocation\b/,
    ident: /\blocation\b/,
  },

  // --- personal ------------------------------------------------------------------------------------
  {
    verdict: 'bday',
    text: /birth|\bdob\b|d\.o\.b|geburt|geboren|naissance|\bne(e)? le\b|nacimiento|cumpleanos|nascita|compleanno|geboorte|verjaardag|nascimento|aniversario|生年月日|誕生日|рождени|urodzenia|szuletes|dogum/,
    ident: /birth|\bdob\b|\bb ?day\b|birthday|geburt|naissance|nacimiento|nascita|geboorte|nascimento|\bbirth ?date\b/,
  },
  {
    verdict: 'sex',
    text: /gender|\bsex\b|geschlecht|\bsexe\b|\bgenero\b|\bsesso\b|\bgenere\b|geslacht|\bkon\b|\bkjonn\b|性別|(?<![а-яе])пол(?![а-яе])|\bplec\b|\bnem\b|cinsiyet|pohlavi|salutation|\banrede\b|civilite|tratamiento|\btitolo\b|aanhef|\btitle\b|敬称|обращение|\byou are a\b|looking for a\b|\bseeking\b|je suis (un|une)\b|ich bin (ein|eine)\b/,
    ident: /gender|\bsex\b|sexe|geschlecht|genero|sesso|salutation|\banrede\b|civilit|honorific|\bseeking\b|\btitle\b/,
  },

  {
    // the language to be addressed in (a select of language names, or a text box)
    verdict: 'language',
    maxLen: 60,
    text: /\blanguages?\b|sprache\b|\blangue\b|\bidioma\b|\blingua\b|\blengua\b|\b(voorkeurs)?taal\b|\bsprak\b|\bsprog\b|\bkieli\b|\bnyelv\b|\bjezyk\b|言語|(?<![а-яе])язык(?![а-яе])/,
    ident:
      /^(lang|language|locale|sprache|langue|idioma|lingua|taal)( (id|code))?$|\b(preferred|pref|contact|correspondence|communication|spoken|bevorzugte) ?(lang|language|sprache|langue|idioma|lingua|taal)\b|\blanguage ?pref(erence)?\b|\bkorrespondenz ?sprache\b/,
  },

  // --- never-fill: free text ---------------------------------------------------------------------
  {
    verdict: 'message',
    text: /message|comment|question|enquiry|inquiry|feedback|\bremarks?\b|\bnotes?\b|how can we help|tell us|describe|description|your story|\bsubject\b|\btopic\b|reason for|nachricht|kommentar|anmerkung|bemerkung|mitteilung|\banliegen\b|ihre frage|\bbetreff\b|beschreibung|commentaire|remarque|votre demande|\bobjet\b|\bsujet\b|mensaje|comentario|consulta|pregunta|\basunto\b|observacion|descripcion|messaggio|commento|domanda|richiesta|\boggetto\b|\bbericht\b|opmerking|\bvraag\b|onderwerp|omschrijving|mensagem|duvida|\bassunto\b|observacoes|descricao|お問い?合わせ|問い合わせ|メッセージ|コメント|質問|ご?意見|件名|本文|備考|сообщени|комментар|вопрос|(?<![а-яе])тема(?![а-яе])|wiadomosc|uzenet|megjegyzes|\bmesaj\b/,
    ident:
      /message|comment|question|enquiry|inquiry|feedback|remarks?|\bnotes?\b|\bbody\b|\bsubject\b|\btopic\b|description|\bdesc\b|nachricht|kommentar|anmerkung|betreff|commentaire|mensaje|comentario|consulta|asunto|messaggio|commento|oggetto|bericht|opmerking|mensagem|assunto|\bmsg\b|\bcomments?\b|\benquiry\b/,
  },

  // --- not personal data the profile holds ------------------------------------------------------
  {
    verdict: 'skip',
    text: /latitude|longitude|account (number|no\.?|#)|\biban\b|\bbic\b|\bswift\b|routing|sort code|bank|tax (id|number|code)|\bvat\b|ust-?id|siret|\bnif\b|\bcif\b|codice fiscale|\bcpf\b|\bcnpj\b|\bein\b|passport|driver'?s? licen[sc]e|licen[sc]e (plate|number)|quantity|\bqty\b|\bamount\b|\bprice\b|\bbetrag\b|montant|importe|importo|bedrag|\bvalor\b|\bage\b|\balter\b|\bedad\b|\beta\b|leeftijd|\bidade\b|reservation|booking|order (number|id|no)|tracking|invoice|check-?in|check-?out|arrival|departure|\badults?\b|children|\bguests?\b|\brooms?\b|\bnights?\b|\bsize\b|\bcolou?r\b|\bweight\b|\bheight\b|\bdate\b|\btime\b|\bfile\b|upload|attachment|\bhow many\b|\bwhat (brand|model|size|shape|type)\b|\bfrom\b.*\bto\b|\bvon\b.*\bbis\b/,
    ident:
      /\blat\b|\blon\b|\blng\b|latitude|longitude|\biban\b|\bbic\b|\bswift\b|routing|\bbank|\btax ?id\b|\bvat\b|passport|licen[sc]e|quantity|\bqty\b|\bamount\b|\bprice\b|\bage\b|reservation|booking|\border ?(number|id|no)\b|tracking|invoice|check ?in|check ?out|arrival|departure|\badults?\b|\bchild(ren)?\b|\bguests?\b|\brooms?\b|\bnights?\b|\bsize\b|\bcolou?r\b|\bweight\b|\bheight\b|\bfile\b|upload|attachment|\bdate ?(in|out|from|to)\b|\bfrom ?date\b|\bto ?date\b/,
  },

  // --- words that only count on their own ------------------------------------------------------
  {
    verdict: 'name',
    exact:
      /^((full|complete|real|legal|contact|customer|display|sender'?s?|author'?s?|recipient'?s?|first last|first and last) )?names?$|^(nom|nombre|nome|naam|navn|namn|nazwa|name) (complet[oa]?|completo)$|^(naam|navn|namn|nazwa|nama|ime|adi|名前|お名前|氏名|имя и фамилия|фио)$/,
    ident:
      /^(name|fullname|full name|your name|real ?name|contact ?name|customer ?name|sender ?name|from ?name|author|contact person|recipient|recipient ?name|cust ?name|naam|navn|namn|fio|my name|your ?name)$|\b(your|contact|customer|sender|author|recipient|billing|shipping|person|member|client|parent|applicant|primary|secondary|legal|real|display) name$/,
  },
  {
    verdict: 'family-or-name',
    exact: /^(nom|name|naam|navn|namn)$/,
  },
  {
    // the name of a thing, not of the person: "Property name", "Produktname", "Nom du projet".
    // Reached only when no pattern above named the field (first name, company name, user name,
    // street name all come first), so an attribute `name` alone cannot make it the person's name.
    verdict: 'skip',
    // Ordinary nouns a name box can be about other than the person ("archivo" is Spanish for file).
    text: /\b(property|product|project|event|team|group|pet|file|list|domain|venue|course|item|album|channel|campaign|store|shop|site|page|server|device|model|brand|plan|vehicle) ?name\b|\b(produkt|projekt|veranstaltungs|team|gruppen|haustier|datei|listen|shop|seiten|geraete?|marken)name\b|\bnom (du|de la|de l'|des) ?(produit|projet|evenement|equipe|groupe|fichier|liste|boutique|site|page|marque|animal)|\bnombre (del|de la) (producto|proyecto|evento|equipo|grupo|archivo|lista|tienda|sitio|pagina|marca|mascota)|\bnome (del|della) (prodotto|progetto|evento|squadra|gruppo|file|lista|negozio|sito|pagina|marca)|\b(product|project|evenement|team|groeps|bestands|winkel)naam\b/,
  },
  {
    verdict: 'given-or-name',
    // ("Meno", "Jméno": Slovak and Czech for the name, the given name beside "Priezvisko"/"Příjmení")
    exact: /^(nombre|nome|имя|imie|prenom|vorname|meno|jmeno)$/,
    ident: /^(nombre|nome|imya|imie|ime|nimi|nev|nama|meno|jmeno)$/,
  },
];

/** Checkbox and radio words: consent, remember-me, newsletter opt-ins. */
// Ordinary consent verbs and nouns of each language ("acepto", "accetto", "akzeptiere": I accept).
export const CONSENT =
  /agree|accept|consent|\bterms\b|conditions|privacy|policy|i have read|i('ve| have) read|newsletter|subscribe|sign me up|keep me (updated|informed|posted)|send me|email me|e-?mail (me|updates|offers)|opt[- ]?(in|out)|remember me|keep me (signed|logged) in|stay (signed|logged) in|\bupdates\b|\boffers\b|marketing|einverstanden|akzeptiere|zustimm|einwillig|datenschutz|\bagb\b|angemeldet bleiben|j'accepte|accepte|conditions generales|confidentialite|se souvenir|rester connecte|acepto|terminos|privacidad|recordarme|accetto|consenso|termini|ricordami|akkoord|voorwaarden|ingelogd blijven|aceito|concordo|termos|privacidade|lembrar|同意|規約|個人情報|согласен|соглас|запомнить|elfogad|zgadzam/;

/** Words that make a one-password form a sign-up form (submit buttons, headings). */
// Everyday account words of each language: "Konto anlegen" (de), "s'inscrire" (fr), "crear cuenta" (es).
export const SIGNUP =
  /sign ?up|register|registration|\bjoin\b|create (an |your |my |new )?(free )?account|create|get started|start (free|now|your|my)|enroll|open (an )?account|new (account|customer|user|member)|not a member|become a member|registrier|konto erstellen|konto anlegen|jetzt anmelden und|kostenlos anmelden|inscri|s'inscrire|creer|crear (una )?cuenta|registrarse|registrate|alta\b|cadastr|criar (uma )?conta|iscriviti|iscrizione|registrati|crea (un )?account|account aanmaken|registreren|word lid|登録|新規|会員登録|регистрац|зарегистр|создать|kayit ol|uye ol|regisztr|rejestr|registrov|registrac|zaloz konto|tilmeld|opret|bli medlem|membership|subscribe|activate/;

/** Words that make a one-password form a log-in form. */
// Everyday log-in words of each language: "se connecter" / "connecter" (fr), "anmelden" (de), "iniciar sesión" (es).
export const LOGIN =
  /log ?in|sign ?in|log ?on|sign ?on|\banmelden\b|einloggen|\banmeldung\b|connexion|se connecter|\bconnecter\b|s'identifier|identifiez|iniciar sesion|inicia sesion|ingresar|\bentrar\b|\bacceder\b|\baccedi\b|\baccesso\b|inloggen|ログイン|サインイン|воити|(?<![а-яе])вход(?![а-яе])|zaloguj|belepes|bejelentkez|giris|prihlas|\blogin\b|\bacessar\b|welcome back|returning customer|already (registered|have an account|a member)|existing (customer|user|member)|bereits (registriert|kunde)|deja client|ya (tienes|eres)|gia registrato|al klant|ja sou cliente|my account|mein konto|mon compte|mi cuenta|il mio account|mijn account|minha conta|continue with password/;

/**
 * A field that asks about someone else: a friend to tell ("Your friend's email", "E-Mail deines
 * Freundes", "Email de votre ami") or the person to call in an emergency ("Emergency contact
 * phone", "Notfallkontakt", "Contact d'urgence"). The person's own data does not belong there.
 */
export const OTHER_PERSON =
  /\bfriend'?s?\b|emergency contact|in case of emergency|notfall|\bfreund(es|in|innen)?\b|\bd'un ami|\bvotre ami(e)?\b|\bton ami(e)?\b|contact d'urgence|\bamig[oa]s?\b|contacto de emergencia|\bamic[oa]\b|contatto di emergenza|\bvriend(in)?\b|noodcontact|contato de emergencia/;

/**
 * India's postal code is the "PIN code" (Postal Index Number), also written "Pincode" or "पिन कोड":
 * beside a street, a town or a state it is the postcode, not a one-time PIN.
 */
export const PIN_CODE = /\bpin ?code\b|पिन ?कोड/;

/** Per-field password words: a new password is being chosen (or confirmed). */
export const NEW_PASSWORD =
  /\bnew\b|create|choose|\bset\b|confirm|repeat|retype|re-?enter|re-?type|again|verify|once more|\bneues?\b|wiederhol|bestatig|erneut|nochmal|\bnouveau\b|\bnouvelle\b|confirme|repete|resaisi|nueva|nuevo|confirma|repite|repetir|\bnuova\b|conferma|ripeti|\bnieuw|herhaal|bevestig|\bnova\b|\bnovo\b|repita|新しい|確認|再入力|новыи|повтор|подтвер|min(imum)? ?\d+ ?(char|zeichen|caract)|at least \d+|\d+ (or more )?characters|\d+-\d+ characters|strong|strength/;

/** Per-field password words: the existing password is asked for. */
export const CURRENT_PASSWORD =
  /current|\bold\b|existing|\baktuell|\baltes\b|\bbisherig|\bactuel|\bancien|\bactual\b|anterior|attuale|vecchia|huidig|\boud\b|\batual\b|antiga|現在の|текущ|стар/;

/** Separators and unit hints that do not make a label ("-", "/", "(", "mm"). */
export const NOT_A_LABEL = /^[\s\-/()[\].,:;|·•*+#]*$/;

// --- Shapes of text (placeholders that show an example value, attribute words) ------------------

/** Attribute words that are only digits (and spaces): say nothing. */
export const DIGITS_ONLY = /^\d*$/;
/** Input types that never hold profile data. */
export const INERT_TYPES = /^(file|range|color|time|datetime-local|week|month|image|button|submit|reset|hidden)$/;
/** An example address: "jane@example.com". */
export const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
/** An example phone number: "+49 30 1234567", "(555) 555-1234", "xxx-xxx-xxxx". */
export const PHONE_VALUE = /^\+?[\d\s().\-/]{7,}$|^[x#]{3}[\s-]?[x#]{3}[\s-]?[x#]{4}$/i;
/** At least three digits somewhere (a phone example, not "+/-"). */
export const THREE_DIGITS = /\d.*\d.*\d/;
/** An example card number: "1234 1234 1234 1234", "•••• •••• …". */
export const CARD_NUMBER_VALUE = /^(\d{4}|[x•*]{4})([ -]?(\d{4}|[x•*]{4})){3}$/i;
/** An expiry format: "MM/YY", "MM / AAAA". */
export const EXPIRY_VALUE = /^(mm|mo)\s*\/\s*(yy|yyyy|aa|jj)$/i;
/** A date format: "DD.MM.YYYY", "TT/MM/JJJJ", "MM-DD-YYYY" (the placeholder conventions of each language: TT German, JJ French, AAAA Spanish/Portuguese; not any one site's). */
export const DATE_VALUE = /^(dd|tt|jj)[./-](mm)[./-](yy|yyyy|jjjj|aaaa)$|^mm[./-]dd[./-](yy|yyyy)$/i;
/** An example web address: "https://…", "www.…". */
export const URL_VALUE = /^https?:\/\/|^www\./i;
/** The order of date parts written in a label: "DD/MM/YYYY", "mm-dd-yyyy" (group 1 is the first part). */
export const DATE_ORDER = /(dd|tt|jj|mm)\s*[./-]\s*(dd|tt|jj|mm)\s*[./-]\s*(yyyy|yy|jjjj|aaaa)/;
/** Where the text before a control splits into phrases ("Contact  Phone:" -> "Contact", "Phone"). */
// (and at the end of a sentence: a word of three small letters or more, a full stop, a capital:
// "… reset your password. Username:"; abbreviations such as "Str. Nr." or "u. Hausnr." do not break)
export const PHRASE_BREAK = /[:：|]\s+|\s{2,}|(?<=[a-z]{3}[.!?])\s+(?=[A-Z])/;

// --- Date parts ---------------------------------------------------------------------------------

/** A day part of a date, in a field's own words ("Day", "TT", "jour", "日"). */
export const PART_DAY = /\bday\b|\bdd\b|\btag\b|\bjour\b|\bjj\b|\bdia\b|\bgiorno\b|\bgg\b|\bdag\b|\bd\b|日|день|\bnap\b|\bdzien\b/;
/** A month part of a date ("Month", "MM", "Monat", "月"). */
export const PART_MONTH = /\bmonth\b|\bmm\b|\bmo\b|\bmonat\b|\bmois\b|\bmes\b|\bmese\b|\bmaand\b|\bm\b|月|месяц|\bhonap\b|\bmiesiac\b/;
/** A year part of a date ("Year", "YYYY", "Jahr", "年"). */
export const PART_YEAR =
  /\byear\b|\byyyy\b|\byy\b|\byr\b|\bjahr\b|\bjjjj\b|\bannee\b|\baaaa\b|\bano\b|\banno\b|\bjaar\b|\by\b|年|(?<![а-яе])год(?![а-яе])|\bev\b|\brok\b/;
/** A card expiry box of two characters that says month ("MM", "Month"). */
export const EXPIRY_MONTH_WORD = /\bmm\b|month/;

// --- Words of the form-context rules --------------------------------------------------------------

/** Social log-in buttons ("Sign in with Apple", "Continue with Google"): they say nothing about the form. */
export const SOCIAL =
  /\b(with|via|using|mit|avec|con|com|met) (apple|google|facebook|twitter|x|microsoft|linkedin|github|amazon|yahoo|paypal|line|kakao|naver|vk|sso|passkey|a passkey)\b|continue with|connect with/;
/** An email or phone field of a log-in form that names itself as the account ("User", "E-mail", "Mobile"). */
export const LOGIN_ID_WORD = /user|login|account|e-?mail|phone|mobil|telefon|konto|compte|cuenta|conta\b|benutzer/;
/** Email words in a label ("E-mail", "Courriel", "Correo", "Почта"). */
export const EMAIL_WORD = /e-?mail|courriel|correo|почт/;
/** Account words in a label: "Email or username" names the account, not an address to write to. */
export const ACCOUNT_WORD =
  /user|login|benutzer|utilisateur|usuario|utente|gebruiker|логин|пользоват|account|member|customer|client|handle|nick|profile|player|id\b/;
/** Account, customer and member numbers ("Kundennummer", "Member ID", "Policy number"): the ordinary words of each language, not one site's field names. */
export const ACCOUNT_NUMBER = /(account|customer|client|member(ship)?|kunden|policy|contract)\s*(id|number|nummer|no|nr|#)|kundennummer/;
/** "User" in a label. */
export const USER_WORD = /user/;
/** The generic word for "name" on its own (after `core()`), in the languages of the lexicon. */
export const GENERIC_NAME = /^(name|names|nom|nombre|nome|naam|navn|namn|nimi|nev|nama|ime|imie|имя)$/;
/** The words for "name" that mean the surname next to a first-name field ("Vorname" + "Name", "Prénom" + "Nom"). */
export const SURNAME_NAME = /^(name|nom|naam|navn)$/;
/** Words that make a security code a card's ("CVV", "CVC", "card"). */
export const CARD_CODE_WORD = /\bcvv|\bcvc|\bcsc\b|\bcvn\b|card/;
/** Headings of a payment section: a security code under one is the card's, even with the card number elsewhere. */
export const PAYMENT =
  /\bpayment|\bcredit card|\bdebit card|\bcard details|zahlung|paiement|\bpago\b|pagamento|betaling|betaalmethode|支払|お支払/;

// --- Words of the form-purpose pass (classify/purpose.ts) ---------------------------------------
// Matched on a form's submit buttons, heading, action path and id/name words (normalised): the
// everyday words each language uses for the act the form performs, not any one site's wording.

/** A password-reset form: "Forgot password?", "Reset", "Passwort vergessen", "Mot de passe oublié". */
export const RESET_WORDS =
  /forgot|forgotten|\breset\b|recover|retrieve|\blost\b|vergess|\bperdu|lost (your |my )?password|password (recovery|reset|assistance|help)|trouble (signing|logging) in|can'?t (sign|log) in|send (me )?(a )?(reset|new password|password)|passwort vergessen|kennwort vergessen|zurucksetzen|wiederherstell|mot de passe oublie|reinitialis|recuperer|olvid|restablecer|recuperar|dimenticat|reimposta|recupera|vergeten|herstel|esquec|redefinir|パスワードを忘れ|パスワード再|再設定|восстанов|забыли|сброс|\bforgot ?password\b|\bpassword ?reset\b|\blost ?password\b/;

/** A mailing-list form: "Newsletter", "Subscribe", "Abonnieren", "S'abonner", "Suscribirse". */
export const NEWSLETTER_WORDS =
  /newsletter|news ?letter|nyhedsbrev|nyhetsbrev|mailing ?list|e-?mail (updates|list|alerts|offers|news)|subscri|sign up for (our )?(e-?mail|news|updates|offers)|stay (in touch|informed|updated|connected|in the loop)|keep me (posted|informed|updated)|get (the latest|updates|news|our news)|join (our|the) (list|newsletter|mailing)|abonn|suscri|iscriviti alla newsletter|nieuwsbrief|boletim|メルマガ|メールマガジン|ニュースレター|рассылк|подпис/;

/** A contact or comment form: "Contact us", "Send message", "Post comment", "Kontakt", "Envoyer". */
// Ordinary words for contacting or asking ("Anfrage" is German for enquiry), in each language.
export const CONTACT_WORDS =
  /contact|get in touch|send (us )?(a |your )?(message|enquiry|inquiry|request|question|feedback)|\bsend\b|submit (a |your )?(request|enquiry|inquiry|ticket|question|comment)|(post|add|leave|submit)( a| your)? (comment|reply|review)|\bcomment\b|\breply\b|\bfeedback\b|ruckmeldung|kontakt|nachricht|anfrage|absenden|\bsenden\b|kommentar|envoyer|contactez|commentaire|enviar|contacto|contactar|comentar|invia|contatt|commenta|verstuur|verzenden|\bcontato\b|お問い?合わせ|送信|связ|отправить|комментар/;

/** A checkout, order or address form: "Checkout", "Place order", "Add to cart", "Zur Kasse", "Commander". */
export const CHECKOUT_WORDS =
  /checkout|check out|place (your |my )?order|order now|complete (your |my )?(order|purchase)|buy now|\bbuy\b|\bpay\b|payment|billing|shipping|delivery|add to (cart|bag|basket|order)|\bcart\b|basket|\bkasse\b|bestell|kaufen|zahlung|warenkorb|lieferadresse|rechnungsadresse|commande|paiement|panier|livraison|facturation|\bpagar\b|comprar|pedido|carrito|\bcesta\b|\benvio\b|ordina|acquista|carrello|pagamento|spedizione|afrekenen|winkelwagen|betalen|bezorg|finalizar compra|carrinho|\bentrega\b|注文|購入|カート|お支払|配送|заказ|корзин|оплат|доставк/;

/** Words that say the person has or creates an account ("Create an account", "Registrierung", "Mitglied"), beyond a bare "Sign up". */
export const ACCOUNT_WORDS =
  /account|regist|konto|compte|cuenta|\bconta\b|member|mitglied|membre|miembro|socio|lid worden|会員|аккаунт|учетн/;

/** A search or lookup: "Search", "Find a store", "Go", "Suchen", "Rechercher", "Buscar". */
/** Words of a choice that orders or narrows a list ("Sort by", "Filter", "Sortieren nach", "Trier par"). */
// Ordinary sort and filter verbs of each language ("Ordenar" is Spanish for sort).
export const SORT_WORDS =
  /\bsort(ed)? by\b|\bsort\b|\bfilter( by)?\b|sortieren|sortierung|\bfiltern\b|trier par|\btrier\b|\bfiltrer\b|\bfiltre\b|ordenar( por)?|\bfiltrar\b|\bfiltro\b|ordina per|ordinare|sorteer|sorteren|\bfilteren\b|сортир|фильтр|並べ替え|絞り込/;

export const SEARCH_WORDS =
  /search|\bsuche|recherche|buscar|busqueda|\bbusca\b|\bcerca\b|ricerca|\bzoek|pesquis|procurar|検索|поиск|наити|szukaj|kereses|\bhledat\b|\bhladat\b|vyhledat|vyhladat|\bfind\b|\bfinden\b|trouver|encontrar|\btrova\b|\bvind\b|\blookup\b|look up|\blocate\b|locator|\bfilter\b|\bsort\b|estimate|calculate|check availability|finder|\bnear (me|you)\b|\bquery\b|\bsuchen\b|\bso[gk]\b/;

/**
 * A box that looks something up rather than asks about the person: a store or dealer finder, a
 * shipping or delivery estimate, a search for people or places. Its ZIP, town or name is a query.
 * General phrases of each language, matched on the field's own texts and its form's words.
 */
// Ordinary words for finding a place or an office ("agence" is French for branch or agency).
export const LOOKUP_WORDS =
  /(find|locate|search for|look for) (a |an |the |your |my )?(nearest |nearby |local |closest )?(store|shop|dealer|retailer|location|branch|office|agent|doctor|physician|dentist|provider|clinic|pharmacy|people|person|someone|member|friend|place|restaurant|hotel|event|job)s?\b|(store|shop|dealer|branch|location|office|retailer) ?(finder|locator|search)|\bnear (me|you)\b|nearby|estimate (shipping|delivery|tax|postage)|(shipping|delivery|postage) (estimate|estimator|calculator|cost|rates?|options)|calculate (shipping|delivery|postage)|check (availability|delivery|coverage|stock)|people (search|finder|directory)|(search|find) (people|members|names|places|by (name|location|city|zip|postcode))|(filial|handler|markt|geschaft)(suche|finder)|versandkosten|liefergebiet|verfugbarkeit prufen|trouver (un|une|le|la) (magasin|boutique|revendeur|agence)|frais de (port|livraison)|(buscar|encontrar) (una |un )?(tienda|distribuidor|sucursal)|gastos de envio|(trova|cerca) (un |il )?(negozio|rivenditore)|spese di spedizione|(winkel|dealer|filiaal) (zoeken|vinden)|verzendkosten|(encontrar|buscar) (uma |a )?loja|calcular (o )?frete|店舗(検索|を探す)|送料|наити магазин|стоимость доставки/;
