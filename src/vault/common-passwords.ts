/**
 * Passwords people pick most often (from the public top-lists: NCSC, SplashData, NordPass), lower
 * case, plus a few well-known phrases and "password" in other languages. Purely numeric ones are
 * few here because the estimator already catches sequences, repeats and digits-only strings.
 */
export const COMMON_PASSWORDS: readonly string[] = (
  'password 123456 12345678 123456789 1234567890 qwerty qwertyuiop qwertz azerty dragon baseball football ' +
  'monkey letmein shadow master mustang michael superman batman trustno1 jordan jennifer zxcvbnm asdfgh ' +
  'asdfghjkl hunter hunter2 buster soccer harley andrew tigger sunshine iloveyou charlie robert thomas ' +
  'hockey ranger daniel starwars klaster george computer michelle jessica pepper freedom maggie ginger ' +
  'princess joshua cheese amanda summer winter spring autumn love ashley nicole chelsea biteme matthew ' +
  'access yankees dallas austin thunder taylor matrix welcome admin administrator login passw0rd password1 ' +
  'password123 qwerty123 iloveyou1 princess1 abc123 abc1234 abcd1234 football1 baseball1 welcome1 admin123 ' +
  'root toor changeme secret secret123 default guest test test123 hello hello123 whatever dragon1 monkey1 ' +
  'sunshine1 master1 shadow1 letmein1 qwerty1 q1w2e3r4 q1w2e3r4t5 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx ' +
  '1qazxsw2 qazwsx qwe123 123qwe asdf1234 qwer1234 asdfasdf flower hottie loveme lovely babygirl angel ' +
  'butterfly purple orange banana apple chocolate cookie pokemon naruto samsung google facebook myspace ' +
  'linkedin internet killer justin liverpool arsenal barcelona realmadrid juventus ferrari mercedes ' +
  'porsche corvette yamaha spiderman ironman nothing blahblah family friends forever monday sunday ' +
  'january august diamond silver golden phoenix jasmine tiger lucky money purple1 pass passpass ' +
  'passwort hallo123 schatz motdepasse soleil contrasena senha parola wachtwoord salasana haslo ' +
  'trustme iloveu qwertyu a123456 aa123456 123abc abcdef 696969 159753 159357 147258369 11223344 ' +
  '789456 987654 666777 121212 112233 131313 123321 654321 000000 111111 222222 555555 666666 777777 ' +
  '888888 999999 7777777 11111111 zxcvbn zxcvbnm1 starwars1 michael1 jessica1 ashley1 nicole1 daniel1 ' +
  'andrew1 joshua1 charlie1 thomas1 robert1 summer1 freedom1 whatever1 superman1 batman1 matrix1 ' +
  'correcthorsebatterystaple opensesame letmein123 mypassword newpassword ' +
  'qwerty12 qwerty1234 password12 password1234 pass123 pass1234 iloveyou123 lovelove'
).split(' ');

/** The most frequent English words: a passphrase of these is a sentence an attacker's model predicts. */
export const COMMON_WORDS: readonly string[] = (
  'the be to of and a in that have i it for not on with he as you do at this but his by from they we ' +
  'say her she or an will my one all would there their what so up out if about who get which go me when ' +
  'make can like time no just him know take people into year your good some could them see other than ' +
  'then now look only come its over think also back after use two how our work first well way even new ' +
  'want because any these give day most us is am are was were been has had love baby dog cat god life ' +
  'home house very big little happy'
).split(' ');
