"""Model definitions. Students split into a backbone (frozen features) and a head (a small MLP of
MatMul/Add/Relu, plus ReduceL2/Div/Mul for classify); teachers are single small networks."""
import torch
import torch.nn as nn

from .boxes import CELLS


def conv(cin, cout, stride=1, kernel=3):
    pad = 0 if kernel == stride else kernel // 2
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, pad, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class Trunk(nn.Module):
    """128×128 image → [N, C, 16, 16]: a 4×4 patchify (stride 4) then a stride-2 conv and a 3×3
    conv (receptive field ≈ 36 px; objects are 14–32 px)."""

    def __init__(self, widths=(32, 48)):
        super().__init__()
        a, c = widths
        self.layers = nn.Sequential(conv(3, a, 4, kernel=4), conv(a, c, 2), conv(c, c))

    def forward(self, x):
        return self.layers(x)


class TextBag(nn.Module):
    """Token ids [N, L] → masked mean of word embeddings [N, dim] (order-free: phrases are bags
    of attribute words)."""

    def __init__(self, vocab_size, dim):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim, padding_idx=0)

    def forward(self, ids):
        mask = (ids > 0).float().unsqueeze(-1)
        total = (self.embed(ids) * mask).sum(dim=1)
        return total / mask.sum(dim=1).clamp(min=1.0)


def cells(x):
    """[N, C, 16, 16] → [N, 256, C] (row-major cells: index = row·16 + col)."""
    return x.flatten(2).transpose(1, 2)


class Mlp(nn.Module):
    """Linear/ReLU stack over the last dimension (exports as MatMul/Add/Relu)."""

    def __init__(self, sizes):
        super().__init__()
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(nn.Linear(sizes[i], sizes[i + 1]))
            if i < len(sizes) - 2:
                layers.append(nn.ReLU())
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


class FaceBackbone(nn.Module):
    """facedet student backbone: image [N,3,128,128] → features [N,256,D]."""

    def __init__(self, dim=64):
        super().__init__()
        self.trunk = Trunk((32, 48))
        self.neck = nn.Sequential(conv(48, 48), conv(48, dim))
        self.dim = dim

    def forward(self, image):
        return cells(self.neck(self.trunk(image)))


class LocBackbone(nn.Module):
    """loc student backbone: image [N,3,128,128] + phrase [N,12] → phrase-conditioned per-cell
    features [N,256,2·D] (the FiLM-modulated features next to the unconditioned ones) and the
    phrase's code [N,1,64], which the head reads too (see PhraseGridHead)."""

    def __init__(self, vocab_size, dim=48):
        super().__init__()
        self.trunk = Trunk((32, 48))
        self.image = conv(48, dim)
        self.text = TextBag(vocab_size, 64)
        self.film1 = nn.Linear(64, 2 * dim)
        self.conv1 = nn.Sequential(nn.Conv2d(dim, dim, 3, 1, 1, bias=False), nn.BatchNorm2d(dim))
        self.film2 = nn.Linear(64, 2 * dim)
        self.conv2 = nn.Sequential(nn.Conv2d(dim, dim, 3, 1, 1, bias=False), nn.BatchNorm2d(dim))
        self.dim = 2 * dim

    @staticmethod
    def modulate(x, film):
        gamma, beta = film.unsqueeze(-1).unsqueeze(-1).chunk(2, dim=1)
        return torch.relu(x * (1 + gamma) + beta)

    def forward(self, image, phrase):
        base = self.image(self.trunk(image))
        text = self.text(phrase)
        x = self.modulate(self.conv1(base), self.film1(text))
        x = self.modulate(self.conv2(x), self.film2(text)) + x
        return cells(torch.cat([x, base], dim=1)), text.unsqueeze(1)


class GridHead(nn.Module):
    """Detector head: per-cell MLP features [N,256,D] → grid [N,256,5]."""

    def __init__(self, dim, hidden=64, out=5):
        super().__init__()
        self.mlp = Mlp([dim, hidden, out])

    def forward(self, features):
        return self.mlp(features)


class PhraseGridHead(nn.Module):
    """loc student head: per-cell features [N,256,D] and the phrase code [N,1,T] → grid
    [N,256,5], through hidden = relu(features·A + phrase·B + b). The phrase enters the head, so
    head-only training can learn what a phrase looks like where the backbone's phrase-conditioned
    channels are wrong (a colour under another light) from the unconditioned channels beside them;
    a head that saw the cells alone could only learn where objects are, not which ones match."""

    def __init__(self, dim, text_dim=64, hidden=96, out=5):
        super().__init__()
        self.cell = nn.Linear(dim, hidden)
        self.phrase = nn.Linear(text_dim, hidden, bias=False)
        self.out = nn.Linear(hidden, out)

    def forward(self, features, phrase_code):
        return self.out(torch.relu(self.cell(features) + self.phrase(phrase_code)))


class ClassifyBackbone(nn.Module):
    """classify student backbone: crops [N,3,32,32] → image_features [N,D]; category words
    [K,12] → text_features [K,E]."""

    def __init__(self, vocab_size, dim=256, text_dim=64):
        super().__init__()
        self.convs = nn.Sequential(conv(3, 32), nn.MaxPool2d(2), conv(32, 48), nn.MaxPool2d(2),
                                   conv(48, 64), nn.MaxPool2d(2))
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(64 * 16, dim), nn.ReLU())
        self.text = TextBag(vocab_size, text_dim)
        self.text_fc = nn.Linear(text_dim, text_dim)

    def forward(self, image, text):
        return self.fc(self.convs(image)), self.text_fc(self.text(text))


class ClassifyHead(nn.Module):
    """logits [N,K] = scale · normalise(MLP(image_features)) · normalise(text_features)ᵀ."""

    def __init__(self, dim=256, text_dim=64, scale=10.0):
        super().__init__()
        self.mlp = Mlp([dim, 128, text_dim])
        self.scale = scale

    def forward(self, image_features, text_features):
        img = self.mlp(image_features)
        img = img / img.norm(dim=-1, keepdim=True).clamp(min=1e-6)
        txt = text_features / text_features.norm(dim=-1, keepdim=True).clamp(min=1e-6)
        return torch.matmul(img, txt.transpose(0, 1)) * self.scale


class QuestionEncoder(nn.Module):
    """Question ids [N,16] → [N,H]: a bag of word embeddings through a small MLP. The world's
    questions are templates whose words each play one role (question kind, size, colour, noun,
    number), so word order adds nothing a bag misses — and a bag is far cheaper than a GRU."""

    def __init__(self, vocab_size, hidden=128):
        super().__init__()
        self.bag = TextBag(vocab_size, hidden)
        self.mlp = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU())

    def forward(self, ids):
        return self.mlp(self.bag(ids))


class VqaBackbone(nn.Module):
    """vqa student backbone: image [N,3,S,S] + question [N,16] → fused features [N,D].

    A patchify conv trunk with coordinate channels and two FiLM blocks conditioned on a summed
    bag of the question's words (the grounding code) yield per-cell features and a per-cell
    "matches the phrase" logit map. That map is trained densely on LOC items (`ground`), so
    counts and existence become its sum and max. Features = max and mean pooled cells, the map's
    sum and max, and the question code (a mean bag through an MLP, which carries the kind).
    Only phrase words enter the grounding code (`phrase_words`, set from the LOC phrases)."""

    def __init__(self, vocab_size, size=128, widths=(32, 48), hidden=128, dim=256):
        super().__init__()
        width = widths[1]
        self.trunk = Trunk(widths) if size == 128 else nn.Sequential(
            conv(3, widths[0], size // 32, kernel=size // 32), conv(widths[0], width, 2), conv(width, width))
        grid = 16
        ys, xs = torch.meshgrid(torch.linspace(-1, 1, grid), torch.linspace(-1, 1, grid), indexing='ij')
        self.register_buffer('coords', torch.stack([xs, ys]).unsqueeze(0), persistent=True)
        self.question = QuestionEncoder(vocab_size, hidden)
        self.grounding = nn.Embedding(vocab_size, 64, padding_idx=0)
        # 1 for the words that name things (those seen in LOC phrases), 0 for the template words,
        # so the grounding code of "how many red stars are there" is that of "red stars".
        self.register_buffer('phrase_words', torch.ones(vocab_size), persistent=True)
        self.blocks = nn.ModuleList()
        self.films = nn.ModuleList()
        for _ in range(2):
            self.blocks.append(nn.Sequential(nn.Conv2d(width + 2, width, 3, 1, 1, bias=False),
                                             nn.BatchNorm2d(width, affine=False)))
            self.films.append(nn.Linear(64, 2 * width))
        self.match = nn.Conv2d(width, 1, 1)
        self.out = conv(width, 96, kernel=1)
        self.fuse = nn.Sequential(nn.Linear(3 * 96 + 2 + hidden, dim), nn.ReLU())

    def ground(self, image, question):
        """Per-cell features [N,C,16,16] and phrase-match logits [N,1,16,16]."""
        return self.ground_trunk(self.trunk(image), question)

    def ground_trunk(self, x, question):
        """`ground` on the trunk's output `x` [N,C,16,16]."""
        mask = (self.phrase_words[question] * (question > 0).float()).unsqueeze(-1)
        code = (self.grounding(question) * mask).sum(dim=1)
        coords = self.coords.expand(x.shape[0], -1, -1, -1)
        for block, film in zip(self.blocks, self.films):
            gamma, beta = film(code).unsqueeze(-1).unsqueeze(-1).chunk(2, dim=1)
            x = torch.relu(block(torch.cat([x, coords], dim=1)) * (1 + gamma) + beta) + x
        return x, self.match(x)

    def forward(self, image, question):
        x, match = self.ground(image, question)
        found = torch.sigmoid(match).flatten(1)
        attention = torch.softmax(match.flatten(1), dim=1).unsqueeze(1)
        x = self.out(x).flatten(2)
        pooled = torch.cat([x.amax(dim=2), x.mean(dim=2), (x * attention).sum(dim=2),
                            found.sum(dim=1, keepdim=True) / 4, found.amax(dim=1, keepdim=True),
                            self.question(question)], dim=1)
        return self.fuse(pooled)


class VqaCellBackbone(VqaBackbone):
    """vqa student backbone: image [N,3,S,S] + question [N,16] → per-cell features [N,256,2·C+1]
    (the phrase-conditioned cells, the unconditioned trunk cells beside them, and the phrase-match
    logit) and the question code [N,1,H]. Pooling is left to the head (VqaCellHead), so head-only
    training reaches every cell with the question in hand."""

    def forward(self, image, question):
        base = self.trunk(image)
        x, match = self.ground_trunk(base, question)
        cell_features = cells(torch.cat([x, base, match], dim=1))
        return cell_features, self.question(question).unsqueeze(1)


class VqaCellHead(nn.Module):
    """vqa student head: cells [N,256,C] + question code [N,1,H] → logits [N,|answers|].

    Each cell is read together with the question (hidden = relu(cell·A + question·B + b)); a
    per-cell match probability comes from the hidden units; the cells are max- and mean-pooled and
    the matches summed (counts) and max-pooled (existence); those and the question code feed an
    MLP over the answers. Only MatMul/Add/Relu/Sigmoid/ReduceMax/ReduceMean/ReduceSum/Div: a
    head the distillation trainer can interpret and train."""

    def __init__(self, cell_dim, question_dim, answers, hidden=96, dim=256):
        super().__init__()
        self.cell = nn.Linear(cell_dim, hidden)
        self.cell_question = nn.Linear(question_dim, hidden, bias=False)
        self.match = nn.Linear(hidden, 1)
        self.pool_max = nn.Linear(hidden, dim)
        self.pool_mean = nn.Linear(hidden, dim, bias=False)
        self.count = nn.Linear(1, dim, bias=False)
        self.exists = nn.Linear(1, dim, bias=False)
        self.question = nn.Linear(question_dim, dim, bias=False)
        self.out = Mlp([dim, dim, answers])

    def forward(self, cell_features, question_code):
        h = torch.relu(self.cell(cell_features) + self.cell_question(question_code))
        found = torch.sigmoid(self.match(h))
        z = torch.relu(self.pool_max(h.amax(dim=1, keepdim=True)) + self.pool_mean(h.mean(dim=1, keepdim=True))
                       + self.count(found.sum(dim=1, keepdim=True) / 4) + self.exists(found.amax(dim=1, keepdim=True))
                       + self.question(question_code))
        return self.out(z).sum(dim=1)


class VqaHead(nn.Module):
    """features [N,D] → logits [N,|answers|]."""

    def __init__(self, dim, answers, hidden=256):
        super().__init__()
        self.mlp = Mlp([dim, hidden, answers])

    def forward(self, features):
        return self.mlp(features)


class TeacherDetector(nn.Module):
    """Closed-set teacher detector: image → grid [N,256,5+C] (objectness, box, class logits)."""

    def __init__(self, classes=0, widths=(24, 32)):
        super().__init__()
        self.trunk = Trunk(widths)
        self.neck = conv(widths[1], widths[1])
        self.out = nn.Conv2d(widths[1], 5 + classes, 1)

    def forward(self, image):
        return cells(self.out(self.neck(self.trunk(image))))


class TeacherClassifier(nn.Module):
    """Expression teacher: crops [N,3,32,32] → logits [N,classes]."""

    def __init__(self, classes):
        super().__init__()
        self.net = nn.Sequential(conv(3, 16), nn.MaxPool2d(2), conv(16, 32), nn.MaxPool2d(2),
                                 conv(32, 48), nn.MaxPool2d(2), nn.Flatten(),
                                 nn.Linear(48 * 16, 64), nn.ReLU(), nn.Linear(64, classes))

    def forward(self, image):
        return self.net(image)


class TeacherVqa(nn.Module):
    """VQA teacher: image [N,3,S,S] + question [N,16] → logits over its closed answer set."""

    def __init__(self, vocab_size, answers, size=128):
        super().__init__()
        self.backbone = VqaBackbone(vocab_size, size=size, widths=(24, 32), hidden=96, dim=128)
        self.head = nn.Linear(128, answers)

    def forward(self, image, question):
        return self.head(self.backbone(image, question))


assert CELLS == 256
